"""Known metamorphic failures (see test_metamorphic.py)."""

# (document, transformation) cases the parser does not read alike yet, with the fields that differ.
# Generated from a run; a case that starts passing fails the suite (strict) and must leave this list.
XFAIL: dict[str, str] = {
    "heldout/qd_ubnd_ninhthuan_2007:blanks_removed": "date, doc_type, place, title differ",
    "heldout/qd_ubnd_ninhthuan_2007:join_header": "date, doc_type, place, title differ",
    "heldout/qd_ubnd_ninhthuan_2007:join_header_footer": "date, doc_type, place, title differ",
    "real/cv_vpcp_7540_2007:join_header_footer": "signer differ",
    "real/kh_ubnd_bentre_2013:join_header": "title differ",
    "real/kh_ubnd_bentre_2013:join_header_footer": "title differ",
    "real/nq_hdnd_thanhhoa_2025:join_header": "date, doc_type, issuer, number, place differ",
    "real/nq_hdnd_thanhhoa_2025:join_header_footer": "date, doc_type, issuer, number, place differ",
    "real/qd_tw_doan_367_2013:wrap40": "signer differ",
    "real/qd_ubnd_quangtri_41_2019:join_header": "title differ",
    "real/qd_ubnd_quangtri_41_2019:join_header_footer": "title differ",
    "real/qd_ubnd_thainguyen_15_2014:blanks_removed": "date, doc_type, issuer, number, place, title differ",
    "real/qd_ubnd_thainguyen_15_2014:join_header": "date, doc_type, issuer, number, place, title differ",
    "real/qd_ubnd_thainguyen_15_2014:join_header_footer": "date, doc_type, issuer, number, place, title differ",
    "real/qd_ubnd_vinhlong_612_2020:join_header": "date, doc_type, issuer, number, place differ",
    "real/qd_ubnd_vinhlong_612_2020:join_header_footer": "date, doc_type, issuer, number, place differ",
}
