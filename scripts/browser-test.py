#!/usr/bin/env python3
"""Browser test of the rekenhulp (issue 20): fill the form of `avp serve` for a golden case in
headless Chromium through ChromeDriver (WebDriver over HTTP, Python's standard library only),
submit it, and check the amounts the page shows against the case's [verwacht]. Saves a
screenshot. Run by scripts/browser-test.sh, which starts the server and the driver.

    browser-test.py SERVER_URL DRIVER_URL CASE.toml SCREENSHOT.png
"""
import base64
import json
import sys
import time
import tomllib
import urllib.error
import urllib.request

SERVER, DRIVER, CASE, SCREENSHOT = sys.argv[1:5]
# axe-core (npm), when given: the page with its decision is checked against WCAG 2.1 A and AA
AXE = sys.argv[5] if len(sys.argv) > 5 else None
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def wd(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(DRIVER + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.load(r)["value"]
    except urllib.error.HTTPError as e:
        # WebDriver puts what went wrong in the body: say it, not only "500"
        raise RuntimeError(f"WebDriver {method} {path}: {e.code} {e.read().decode(errors='replace')[:500]}") from None


def ga_naar(s, url):
    """Open the page; a renderer that times out on a loaded machine gets two more tries."""
    for poging in range(3):
        try:
            return wd("POST", f"{s}/url", {"url": url})
        except RuntimeError as e:
            if poging == 2 or "timeout" not in str(e).lower():
                raise
            print(f"browser-test: {e}; opnieuw", file=sys.stderr)


def euro(bedrag):
    """'1000.00' as the page shows it: '€ 1.000,00'."""
    heel, cent = f"{float(bedrag):.2f}".split(".")
    groepen = []
    while len(heel) > 3:
        groepen.insert(0, heel[-3:])
        heel = heel[:-3]
    groepen.insert(0, heel)
    return "€ " + ".".join(groepen) + "," + cent


def main():
    geval = tomllib.load(open(CASE, "rb"))
    hh, verwacht = geval["huishouden"], geval["verwacht"]
    caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
        "binary": "/usr/bin/chromium",
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1100,1900"]}}}}
    sessie = wd("POST", "/session", caps)["sessionId"]
    s = f"/session/{sessie}"
    try:
        ga_naar(s, SERVER)
        zoek = lambda css: wd("POST", f"{s}/element", {"using": "css selector", "value": css})[ELEMENT]
        def js(script, *args):
            return wd("POST", f"{s}/execute/sync", {"script": script, "args": list(args)})
        # wait for the years to load
        for _ in range(50):
            if js("return document.querySelectorAll('#jaar option').length") > 0:
                break
            time.sleep(0.1)
        def typ(css, tekst):
            el = zoek(css)
            wd("POST", f"{s}/element/{el}/clear", {})
            wd("POST", f"{s}/element/{el}/value", {"text": str(tekst)})
        def kies(css, waarde):
            js("const e = document.querySelector(arguments[0]); e.value = arguments[1];"
               "e.dispatchEvent(new Event('change'));", css, str(waarde))
        def vink(css, aan):
            if js("return document.querySelector(arguments[0]).checked", css) != aan:
                wd("POST", f"{s}/element/{zoek(css)}/click", {})
        # date fields are set, not typed: what a date field takes as keys depends on the locale
        kies("#jaar", hh["jaar"])
        kies("#beleidsregels", geval.get("beleidsregels", "vng-model"))
        for veld in ["fiscaal_partner", "toeslagpartner", "op_lijst_belastingdienst",
                     "bekend_uit_handelingsperspectief", "hardheidsclausule_toegepast"]:
            vink(f"#{veld}", bool(hh.get(veld, False)))
        if "aanvraagdatum" in hh:
            kies("#aanvraagdatum", hh["aanvraagdatum"].isoformat())
        for veld in ["huur_per_maand", "vermogen", "vermogen_eigen_woning", "iban", "gemeente"]:
            if veld in hh:
                typ(f"#{veld}", str(hh[veld]).replace(".", ","))
        for i, p in enumerate(hh["personen"]):
            basis = f"#personen > fieldset.persoon:nth-of-type({i + 1})"
            kies(f"{basis} [data-naam=geboortedatum]", p["geboortedatum"].isoformat())
            # remove the form's default income rows, then add the case's
            js("document.querySelectorAll(arguments[0] + ' fieldset.inkomen').forEach(f => f.remove())", basis)
            for j, ink in enumerate(p.get("inkomsten", [])):
                wd("POST", f"{s}/element/{zoek(basis + ' .inkomen-erbij')}/click", {})
                rij = f"{basis} fieldset.inkomen:nth-of-type({j + 1})"
                kies(f"{rij} [data-naam=soort]", ink["soort"])
                if "bruto_per_maand" in ink:
                    kies(f"{rij} [data-naam=periode]", "maand")
                    typ(f"{rij} [data-naam=bedrag]", "; ".join(str(m).replace(".", ",") for m in ink["bruto_per_maand"]))
                else:
                    typ(f"{rij} [data-naam=bedrag]", str(ink["bruto_per_jaar"]).replace(".", ","))
        for k in hh.get("kinderen", []):
            wd("POST", f"{s}/element/{zoek('#kind-erbij')}/click", {})
            kies("#kinderen .kind:last-child input", k["geboortedatum"].isoformat())
        js("document.querySelector('#kinderen').dispatchEvent(new Event('change'))")
        wd("POST", f"{s}/element/{zoek('button[type=submit]')}/click", {})
        for _ in range(100):
            if js("return !document.getElementById('uitkomst').hidden"):
                break
            if js("return !document.getElementById('fouten').hidden"):
                raise SystemExit("de pagina meldt: " + js("return document.getElementById('fouten').innerText"))
            time.sleep(0.1)
        else:
            raise SystemExit("geen uitkomst na 10 seconden")
        gezien = js("const r = {}; document.querySelectorAll('#uitkomst [data-veld]').forEach("
                    "e => r[e.dataset.veld] = e.textContent); return r")
        fouten = []
        for sleutel, waarde in verwacht.items():
            veld = sleutel.split(".")[-1]
            if veld in gezien and isinstance(waarde, str):
                if gezien[veld] != euro(waarde):
                    fouten.append(f"{veld}: verwacht {euro(waarde)}, de pagina toont {gezien[veld]}")
                else:
                    print(f"  {veld}: {gezien[veld]} (goed)")
        getoond = js("return document.querySelector('#uitkomst .uitkomst p').textContent")
        if verwacht.get("toegekend") is not None and (getoond == "Toegekend") != verwacht["toegekend"]:
            fouten.append(f"toegekend: verwacht {verwacht['toegekend']}, de pagina toont {getoond}")
        if AXE:
            js(open(AXE).read() + "\nwindow.axe = axe;")
            schendingen = wd("POST", f"{s}/execute/async", {"script": (
                "const klaar = arguments[arguments.length - 1];"
                "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
                ".then(r => klaar(r.violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ')')))"),
                "args": []})
            if schendingen:
                fouten.append("toegankelijkheid (axe-core, WCAG 2.1 AA): " + "; ".join(schendingen))
            else:
                print("  toegankelijkheid: axe-core vindt geen schending van WCAG 2.1 A/AA")
        js("document.getElementById('uitkomst-kop').scrollIntoView()")
        png = wd("GET", f"{s}/screenshot")
        open(SCREENSHOT, "wb").write(base64.b64decode(png))
        # a value the server refuses: its message beside the field, the field marked invalid
        veld = "#personen > fieldset.persoon:nth-of-type(1) [data-naam=bsn]"
        typ(veld, "123456780")
        wd("POST", f"{s}/element/{zoek('button[type=submit]')}/click", {})
        for _ in range(100):
            if js("return !document.getElementById('fouten').hidden"):
                break
            time.sleep(0.1)
        melding = js("const e = document.querySelector(arguments[0]);"
                     "const m = e.closest('div').querySelector('.melding');"
                     "return [e.getAttribute('aria-invalid'), m ? m.textContent : null,"
                     " (e.getAttribute('aria-describedby') || '').includes(m ? m.id : '?')]", veld)
        if melding[0] != "true" or not melding[1] or "elfproef" not in melding[1] or not melding[2] \
                or "123456780" in melding[1]:
            fouten.append(f"geen (gemaskeerde) melding bij het BSN-veld: {melding}")
        else:
            print(f"  melding bij het veld: {melding[1]}")
        if fouten:
            raise SystemExit("\n".join(fouten))
        print(f"browser-test: {CASE}: de pagina toont de verwachte bedragen; schermafdruk {SCREENSHOT}")
    finally:
        wd("DELETE", s)


main()
