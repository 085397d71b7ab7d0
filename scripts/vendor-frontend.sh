#!/usr/bin/env bash
# Re-vendors the front-end files from the npm registry into trienkhai/static/vendor (see VERSIONS.txt).
set -euo pipefail
V="$(cd "$(dirname "$0")/.." && pwd)/trienkhai/static/vendor"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT; cd "$T"
npm pack -q bootstrap@5.3.9 htmx.org@2.0.11 chart.js@4.6.1 @fontsource/be-vietnam-pro@5.3.0 bootstrap-icons@1.13.2
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
mkdir -p "$V"/{bootstrap,htmx,chartjs,be-vietnam-pro/files,bootstrap-icons/fonts}
cp bootstrap-5.3.9/package/dist/css/bootstrap.min.css bootstrap-5.3.9/package/dist/js/bootstrap.bundle.min.js "$V/bootstrap/"
cp htmx.org-2.0.11/package/dist/htmx.min.js "$V/htmx/"
cp chart.js-4.6.1/package/dist/chart.umd.min.js "$V/chartjs/"
P=fontsource-be-vietnam-pro-5.3.0/package; : > "$V/be-vietnam-pro/be-vietnam-pro.css"
for w in 400 500 600 700; do
  cp $P/files/be-vietnam-pro-{latin,latin-ext,vietnamese}-$w-normal.woff2 "$V/be-vietnam-pro/files/"
  cat $P/$w.css >> "$V/be-vietnam-pro/be-vietnam-pro.css"
done
# Only woff2 is shipped; drop the .woff fallbacks so the manifest storage finds every referenced file.
sed -i -E 's/, url\(\.\/files\/[^)]*\.woff\) format\(.woff.\)//g' "$V/be-vietnam-pro/be-vietnam-pro.css"
cp bootstrap-icons-1.13.2/package/font/bootstrap-icons.min.css "$V/bootstrap-icons/"
cp bootstrap-icons-1.13.2/package/font/fonts/bootstrap-icons.woff2 "$V/bootstrap-icons/fonts/"
sed -i -E 's/,url\("fonts\/bootstrap-icons\.woff\?[^"]*"\) format\("woff"\)//' "$V/bootstrap-icons/bootstrap-icons.min.css"
# Source maps are not shipped; drop their references so collectstatic's manifest finds every file.
grep -rl sourceMappingURL "$V" | xargs -r sed -i -E 's#/[/*][#@] sourceMappingURL=[^ *]*( \*/)?##'
