"""Known metamorphic failures (see test_metamorphic.py)."""

# (document, transformation) cases the parser does not read alike yet, with the fields that differ.
# Generated from a run; a case that starts passing fails the suite (strict) and must leave this list.
XFAIL: dict[str, str] = {
    "real/cv_vpcp_7540_2007:join_header_footer": "signer differ; the source glues the name to the office ('PHÓ CHỦ NHIỆMTrần Quốc Toản')",
    "real/kh_ubnd_bentre_2013:join_header": "title differ; the title holds a ';' and ends there once joined to the preamble",
    "real/kh_ubnd_bentre_2013:join_header_footer": "title differ; the title holds a ';' and ends there once joined to the preamble",
    "real/qd_ubnd_quangtri_41_2019:join_header": "title differ; the copy is truncated mid-word right under the header",
    "real/qd_ubnd_quangtri_41_2019:join_header_footer": "title differ; the copy is truncated mid-word right under the header",
    "real/qd_ubnd_thainguyen_15_2014:join_header": "date, doc_type, issuer, number, place, title differ; the site's metadata block glued onto the one-line header",
    "real/qd_ubnd_thainguyen_15_2014:join_header_footer": "date, doc_type, issuer, number, place, title differ; the site's metadata block glued onto the one-line header",
    "wild/heldout/cv_ct_bacninh_2018:join_header_footer": "signer differ; not analysed yet",
    "wild/heldout/cv_tct_1703:join_header_footer": "signer differ; not analysed yet",
    "wild/heldout/luat_qh_46_2014:blanks_removed": "title differ; not analysed yet",
    "wild/heldout/luat_qh_46_2014:join_header": "title differ; not analysed yet",
    "wild/heldout/luat_qh_46_2014:join_header_footer": "title differ; not analysed yet",
}
