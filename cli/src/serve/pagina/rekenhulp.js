// The rekenhulp: builds a household record (CONTRACT §1) from the form, asks POST /v1/beoordeel,
// shows the decision, and puts the server's messages beside the fields they are about.
"use strict";

const $ = (id) => document.getElementById(id);
let laatste = null; // the last record sent, as JSON text

function kop() {
  const h = { "Content-Type": "application/json" };
  const t = sessionStorage.getItem("avp-token");
  if (t) h["Authorization"] = "Bearer " + t;
  return h;
}

async function vraag(pad, opties) {
  let r = await fetch(pad, Object.assign({ headers: kop() }, opties || {}));
  if (r.status === 401) {
    const t = window.prompt("Deze server vraagt een token. Token:");
    if (t) {
      sessionStorage.setItem("avp-token", t.trim());
      r = await fetch(pad, Object.assign({ headers: kop() }, opties || {}));
    }
  }
  return r;
}

// ---- the form ----------------------------------------------------------------------------
function persoon(nummer, titel) {
  const f = $("persoon-sjabloon").content.firstElementChild.cloneNode(true);
  f.querySelector("legend").textContent = titel;
  f.dataset.index = nummer;
  f.querySelector(".inkomen-erbij").addEventListener("click", () => inkomen(f));
  $("personen").appendChild(f);
  return f;
}

function inkomen(p, soort) {
  const f = $("inkomen-sjabloon").content.firstElementChild.cloneNode(true);
  const lijst = p.querySelector(".inkomsten");
  lijst.appendChild(f);
  if (soort) f.querySelector("[data-naam=soort]").value = soort;
  f.querySelector(".verwijder").addEventListener("click", () => {
    f.remove();
    nummer();
  });
  nummer();
  return f;
}

function kind() {
  const d = document.createElement("div");
  d.className = "rij kind";
  d.innerHTML = '<div><label>Geboortedatum kind<input type="date" data-naam="geboortedatum"></label></div>' +
    '<div><button type="button" class="secundair">Kind verwijderen</button></div>';
  d.querySelector("button").addEventListener("click", () => { d.remove(); nummer(); });
  $("kinderen").appendChild(d);
  nummer();
  d.querySelector("input").focus();
}

// Record paths on every field, so that the server's messages find their field.
function nummer() {
  document.querySelectorAll("#personen > fieldset.persoon").forEach((p, i) => {
    p.querySelectorAll(":scope > .rij [data-naam]").forEach((el) => {
      el.dataset.veld = `personen[${i}].${el.dataset.naam}`;
    });
    p.querySelectorAll("fieldset.inkomen").forEach((f, j) => {
      f.querySelector("legend").textContent = `Inkomen ${j + 1}`;
      f.querySelectorAll("[data-naam]").forEach((el) => {
        const naam = el.dataset.naam === "bedrag" ? "bedrag" : el.dataset.naam;
        el.dataset.veld = `personen[${i}].inkomsten[${j}].${naam}`;
      });
    });
  });
  document.querySelectorAll("#kinderen .kind").forEach((k, i) => {
    const el = k.querySelector("input");
    el.dataset.veld = `kinderen[${i}].geboortedatum`;
    el.closest("label").firstChild.textContent = `Geboortedatum kind ${i + 1}`;
  });
}

// ---- the record --------------------------------------------------------------------------
class Getal { constructor(t) { this.t = t; } }

// An amount as the user writes it (1.234,56 or 1234.56) as JSON number text.
function bedrag(tekst, el) {
  let t = tekst.replace(/[€\s]/g, "");
  if (t.includes(",")) t = t.replace(/\./g, "").replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(t)) throw { el, bericht: `\`${tekst}\` is geen bedrag; schrijf bijvoorbeeld 1234,56` };
  return new Getal(t);
}

function naarJson(v) {
  if (v instanceof Getal) return v.t;
  if (Array.isArray(v)) return "[" + v.map(naarJson).join(",") + "]";
  if (v && typeof v === "object") {
    return "{" + Object.entries(v).filter(([, w]) => w !== undefined)
      .map(([k, w]) => JSON.stringify(k) + ":" + naarJson(w)).join(",") + "}";
  }
  return JSON.stringify(v);
}

function waarde(id) { const v = $(id).value.trim(); return v === "" ? undefined : v; }

function record() {
  const r = {
    jaar: new Getal(String(parseInt($("jaar").value, 10))),
    kenmerk: waarde("kenmerk"),
    gemeente: waarde("gemeente"),
    fiscaal_partner: $("fiscaal_partner").checked,
    toeslagpartner: $("toeslagpartner").checked,
    op_lijst_belastingdienst: $("op_lijst_belastingdienst").checked,
    bekend_uit_handelingsperspectief: $("bekend_uit_handelingsperspectief").checked,
    hardheidsclausule_toegepast: $("hardheidsclausule_toegepast").checked,
    aanvraagdatum: waarde("aanvraagdatum"),
    vermogen: bedrag($("vermogen").value || "0", $("vermogen")),
    iban: waarde("iban"),
    personen: [],
    kinderen: [],
  };
  if (waarde("huur_per_maand")) r.huur_per_maand = bedrag($("huur_per_maand").value, $("huur_per_maand"));
  if (waarde("vermogen_eigen_woning")) r.vermogen_eigen_woning = bedrag($("vermogen_eigen_woning").value, $("vermogen_eigen_woning"));
  document.querySelectorAll("#personen > fieldset.persoon").forEach((p) => {
    const g = p.querySelector("[data-naam=geboortedatum]");
    const bsn = p.querySelector("[data-naam=bsn]").value.trim();
    const ps = { geboortedatum: g.value || "", inkomsten: [] };
    if (bsn) ps.bsn = bsn;
    p.querySelectorAll("fieldset.inkomen").forEach((f) => {
      const el = f.querySelector("[data-naam=bedrag]");
      const soort = f.querySelector("[data-naam=soort]").value;
      if (!el.value.trim()) return;
      if (f.querySelector("[data-naam=periode]").value === "maand") {
        ps.inkomsten.push({ soort, bruto_per_maand: el.value.split(";").map((m) => bedrag(m.trim(), el)) });
      } else {
        ps.inkomsten.push({ soort, bruto_per_jaar: bedrag(el.value, el) });
      }
    });
    r.personen.push(ps);
  });
  document.querySelectorAll("#kinderen .kind input").forEach((k) => {
    if (k.value) r.kinderen.push({ geboortedatum: k.value });
  });
  return naarJson(r);
}

// ---- messages beside their fields --------------------------------------------------------
function wisMeldingen() {
  document.querySelectorAll(".melding").forEach((m) => m.remove());
  document.querySelectorAll("[aria-invalid]").forEach((el) => {
    el.removeAttribute("aria-invalid");
    const d = (el.getAttribute("aria-describedby") || "").split(" ").filter((x) => !x.startsWith("melding-"));
    if (d.length) el.setAttribute("aria-describedby", d.join(" ")); else el.removeAttribute("aria-describedby");
  });
  $("fouten").hidden = true;
  $("fouten").innerHTML = "";
}

// The field of a record path: exactly, else the nearest enclosing path that has one.
function veldVan(pad) {
  let p = pad.replace(/\.(bruto_per_jaar|bruto_per_maand)(\[\d+\])?$/, ".bedrag");
  while (p) {
    const el = document.querySelector(`[data-veld="${CSS.escape(p)}"]`);
    if (el) return el;
    const kort = p.replace(/(\.[a-z_]+|\[\d+\])$/, "");
    if (kort === p) break;
    p = kort;
  }
  return null;
}

let meldingNummer = 0;
function toonMelding(el, bericht, hulp) {
  const m = document.createElement("p");
  m.className = "melding";
  m.id = `melding-${++meldingNummer}`;
  m.textContent = hulp ? `${bericht} (${hulp})` : bericht;
  const plek = el.closest("label") || el;
  plek.insertAdjacentElement("afterend", m);
  el.setAttribute("aria-invalid", "true");
  el.setAttribute("aria-describedby", ((el.getAttribute("aria-describedby") || "") + " " + m.id).trim());
  return m;
}

function toonFouten(lijst) {
  const s = $("fouten");
  s.innerHTML = "<p><strong>Het huishouden kan zo niet beoordeeld worden:</strong></p>";
  const ul = document.createElement("ul");
  for (const f of lijst) {
    const li = document.createElement("li");
    const el = f.el || (f.veld ? veldVan(f.veld) : null);
    const tekst = f.hulp ? `${f.bericht} (${f.hulp})` : f.bericht;
    if (el) {
      const m = toonMelding(el, f.bericht, f.hulp);
      const a = document.createElement("a");
      a.href = "#" + (el.id || m.id);
      a.textContent = tekst;
      a.addEventListener("click", (e) => { e.preventDefault(); el.focus(); });
      li.appendChild(a);
    } else {
      li.textContent = tekst;
    }
    ul.appendChild(li);
  }
  s.appendChild(ul);
  s.hidden = false;
  s.focus();
}

// ---- the decision ------------------------------------------------------------------------
const euro = (s) => s == null ? "—" : "€ " + Number(s).toLocaleString("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const datum = (d) => new Date(d + "T12:00:00").toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" });
const KOLOMMEN = [
  ["toetsingsinkomen", "Toetsingsinkomen"], ["inkomstenbelasting", "Inkomstenbelasting"],
  ["netto_inkomen", "Netto-inkomen"], ["zorgtoeslag", "Zorgtoeslag"], ["huurtoeslag", "Huurtoeslag"],
  ["kindgebonden_budget", "Kindgebonden budget"], ["besteedbaar_inkomen", "Besteedbaar inkomen"],
];

function el(tag, tekst, klasse) {
  const e = document.createElement(tag);
  if (tekst != null) e.textContent = tekst;
  if (klasse) e.className = klasse;
  return e;
}

function toonBesluit(b) {
  const d = $("uitkomst-inhoud");
  d.innerHTML = "";
  const box = el("div", null, "uitkomst " + (b.toegekend ? "toegekend" : "afgewezen"));
  box.appendChild(el("p", b.toegekend ? "Toegekend" : "Niet toegekend")).style.fontWeight = "700";
  const dl = document.createElement("table");
  dl.id = "bedragen";
  for (const [k, t] of [["tegemoetkoming", "Vaste tegemoetkoming (netto)"], ["eindheffing", "Eindheffing (betaalt de gemeente)"], ["bijzondere_bijstand", "Bijzondere bijstand"]]) {
    const tr = dl.insertRow();
    tr.appendChild(el("th", t));
    const td = el("td", euro(b[k]), "bedrag");
    td.dataset.veld = k;
    tr.appendChild(td);
  }
  box.appendChild(dl);
  box.appendChild(el("p", `Jaar ${b.jaar}, route ${b.route.replace(/_/g, " ")}; doelgroep: ${b.doelgroep === null ? "niet getoetst" : b.doelgroep ? "ja" : "nee"}.`));
  d.appendChild(box);
  if (b.berekening) d.appendChild(berekening(b.berekening));
  d.appendChild(el("h3", "Motivering"));
  const ol = document.createElement("ol");
  for (const r of b.redenen) {
    const li = el("li", r.tekst);
    li.appendChild(el("div", "Grondslag: " + r.grondslag, "hint"));
    ol.appendChild(li);
  }
  d.appendChild(ol);
  lijst(d, "Wat zou de uitkomst veranderen", b.wat_zou_veranderen.map((v) => v.tekst));
  lijst(d, "Acties voor de behandelaar", b.acties.map((a) => a.tekst || a.code || String(a)));
  if (b.betaling && b.betaling.termijnen.length) {
    lijst(d, "Betaling", b.betaling.termijnen.map((t) => `${datum(t.datum)}: ${euro(t.bedrag)}`));
  }
  if (b.trace) {
    const det = document.createElement("details");
    det.appendChild(el("summary", "Rekenstappen (trace)"));
    det.appendChild(el("pre", JSON.stringify(b.trace, null, 2)));
    d.appendChild(det);
  }
}

function berekening(ber) {
  const t = document.createElement("table");
  t.id = "berekening";
  t.createCaption().textContent = "Berekening: het huishouden en een vergelijkbaar paar in de bijstand";
  const h = t.createTHead().insertRow();
  for (const x of ["", "Dit huishouden", "Paar in de bijstand"]) h.appendChild(el("th", x, x ? "bedrag" : null)).scope = "col";
  const body = t.createTBody();
  for (const [k, naam] of KOLOMMEN) {
    const tr = body.insertRow();
    const th = el("th", naam);
    th.scope = "row";
    tr.appendChild(th);
    tr.appendChild(el("td", euro(ber.huishouden && ber.huishouden[k]), "bedrag"));
    tr.appendChild(el("td", euro(ber.referentie && ber.referentie[k]), "bedrag"));
  }
  for (const [k, naam] of [["tekort", "Tekort"], ["gemiste_toeslagen", "Gemiste toeslagen"]]) {
    const tr = body.insertRow();
    const th = el("th", naam);
    th.scope = "row";
    tr.appendChild(th);
    const td = el("td", euro(ber[k]), "bedrag");
    td.colSpan = 2;
    td.dataset.veld = k;
    tr.appendChild(td);
  }
  return t;
}

function lijst(d, kop, regels) {
  if (!regels.length) return;
  d.appendChild(el("h3", kop));
  const ul = document.createElement("ul");
  for (const r of regels) ul.appendChild(el("li", r));
  d.appendChild(ul);
}

// ---- submit and downloads ----------------------------------------------------------------
function adres(formaat) {
  const q = new URLSearchParams();
  if ($("beleidsregels").value) q.set("beleidsregels", $("beleidsregels").value);
  if (formaat) q.set("format", formaat);
  if (!formaat && $("trace").checked) q.set("trace", "true");
  return "/v1/beoordeel?" + q.toString();
}

async function beoordeel(e) {
  e.preventDefault();
  wisMeldingen();
  try {
    laatste = record();
  } catch (f) {
    if (f && f.el) { toonFouten([{ el: f.el, bericht: f.bericht }]); return; }
    throw f;
  }
  const r = await vraag(adres(), { method: "POST", body: laatste });
  const tekst = await r.text();
  if (!r.ok) {
    let p;
    try { p = JSON.parse(tekst); } catch (_) { p = { detail: tekst }; }
    const lijst = (p.fouten && p.fouten.length) ? p.fouten : [{ bericht: p.detail, veld: p.veld, hulp: p.hulp }];
    toonFouten(lijst);
    return;
  }
  toonBesluit(JSON.parse(tekst));
  $("uitkomst").hidden = false;
  $("uitkomst").dataset.json = tekst;
  $("uitkomst-kop").focus();
}

function bewaar(naam, soort, inhoud) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([inhoud], { type: soort }));
  a.download = naam;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

async function brief(formaat, soort, ext) {
  if (!laatste) return;
  const r = await vraag(adres(formaat), { method: "POST", body: laatste });
  bewaar(`beschikking.${ext}`, soort, await r.text());
}

async function begin() {
  const jaren = await (await vraag("/v1/jaren")).json();
  const nu = new Date().getFullYear();
  for (const j of jaren) {
    const o = el("option", `${j.jaar} (${j.regeling.replace(/_/g, " ")})`);
    o.value = j.jaar;
    $("jaar").appendChild(o);
  }
  const standaard = jaren.map((j) => j.jaar).filter((j) => j <= nu).pop();
  if (standaard) $("jaar").value = standaard;
  const beleid = await (await vraag("/v1/beleidsregels")).json();
  for (const b of beleid) {
    const o = el("option", b.gemeentenaam ? `${b.gemeentenaam} (${b.naam})` : b.naam);
    o.value = b.naam;
    if (b.standaard) o.selected = true;
    $("beleidsregels").appendChild(o);
  }
  const a = persoon(0, "Aanvrager");
  inkomen(a, "ww");
  persoon(1, "Partner");
  nummer();
  $("kind-erbij").addEventListener("click", kind);
  $("huishouden").addEventListener("submit", beoordeel);
  $("download-json").addEventListener("click", () => bewaar("besluit.json", "application/json", $("uitkomst").dataset.json || ""));
  $("download-html").addEventListener("click", () => brief("html", "text/html", "html"));
  $("download-markdown").addEventListener("click", () => brief("markdown", "text/markdown", "md"));
}

document.addEventListener("DOMContentLoaded", begin);
