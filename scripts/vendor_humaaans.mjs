// Turn the Humaaans body parts we use into plain SVG fragments for art.py.
//
//   node scripts/vendor_humaaans.mjs <unpacked npm package folder> <output folder>
//
// `make illustrations` runs it on `npm pack humaaans@<version>`. Each part in the
// package is a React component whose body is one React.createElement tree; we run
// it with a tiny stand-in for React that writes SVG text instead. Numbers are
// rounded (see GEOMETRY) and ids dropped (ids a mask or <use> needs are kept,
// prefixed with "{uid}" so art.py can make them unique in each picture).

import fs from "node:fs";
import path from "node:path";

const [packageDir, outDir] = process.argv.slice(2);
if (!packageDir || !outDir) {
  console.error("usage: node scripts/vendor_humaaans.mjs <package folder> <output folder>");
  process.exit(2);
}

// The parts art.py draws with (folder in the package -> names).
const PARTS = {
  head: [
    "Afro", "Airy", "Caesar", "Chongo", "Curly", "Hijab", "Hijab2", "Long", "NoHair",
    "Pony", "Rad", "Short", "Short2", "ShortBeard", "Top", "Turban", "Turban2", "Wavy",
  ],
  torso: ["Hoodie", "Jacket", "Jacket2", "LongSleeve", "PointingForward", "PointingUp", "TrenchCoat", "TurtleNeck"],
  standing: ["BaggyPants", "Shorts", "SkinnyJeans", "SkinnyJeansWalk", "Skirt", "SweatPants"],
  sitting: ["BaggyPants", "SkinnyJeans", "SweatPants", "Wheelchair"],
};

const ATTRIBUTE_NAMES = { xlinkHref: "href" };
// Geometry is rounded to whole units: a part is drawn at about its own size in a
// 1200 x 800 scene, shown at most 1200 px wide, so the error is under half a pixel
// (and 26 % fewer bytes than one decimal). Opacities keep two decimals.
const GEOMETRY = new Set(["d", "points", "transform", "x", "y", "width", "height", "cx", "cy", "r", "rx", "ry"]);
const round = (text, decimals) =>
  String(text).replace(/-?\d*\.\d+(e-?\d+)?/g, (number) => {
    const scale = 10 ** decimals;
    const value = Math.round(parseFloat(number) * scale) / scale;
    return String(Object.is(value, -0) ? 0 : value);
  });
const kebab = (name) => ATTRIBUTE_NAMES[name] || name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
const escape = (value) => String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

function render(source) {
  // What the ids referenced by url(#...) or href="#..." are, so only those are kept.
  const referenced = new Set();
  for (const match of source.matchAll(/(?:url\(#|xlinkHref: "#)([^)"]+)/g)) referenced.add(match[1]);
  const React = {
    createElement(tag, props, ...children) {
      const attributes = [];
      for (const [name, raw] of Object.entries(props || {})) {
        let value = raw;
        if (name === "id") {
          if (!referenced.has(value)) continue;
          value = "{uid}" + value;
        } else if (typeof value === "string") {
          value = value.replace(/url\(#([^)]+)\)/g, "url(#{uid}$1)").replace(/^#(?![0-9A-Fa-f]{3,6}$)(.+)/, "#{uid}$1");
          value = round(value.trim().replace(/\s+/g, " "), GEOMETRY.has(name) ? 0 : 2);
          // "translate(54.000000, 31.000000)" -> "translate(54,31)"
          value = value.replace(/,\s+/g, ",");
        } else if (typeof value === "number") {
          value = round(String(value), GEOMETRY.has(name) ? 0 : 2);
        }
        if (name === "strokeWidth" && value === "1") continue; // the SVG default
        attributes.push(` ${kebab(name)}="${escape(value)}"`);
      }
      const inner = children.flat().join("");
      return `<${tag}${attributes.join("")}${inner ? `>${inner}</${tag}>` : "/>"}`;
    },
  };
  const body = source
    .replace(/^import .*$/gm, "")
    .replace(/^export default (\w+);?\s*$/m, "return $1;");
  const component = new Function("React", body)(React);
  return component({});
}

fs.mkdirSync(outDir, { recursive: true });
let total = 0;
for (const [folder, names] of Object.entries(PARTS)) {
  fs.mkdirSync(path.join(outDir, folder), { recursive: true });
  for (const name of names) {
    const source = fs.readFileSync(path.join(packageDir, "lib", "body-parts", folder, `${name}.js`), "utf8");
    const svg = render(source) + "\n";
    fs.writeFileSync(path.join(outDir, folder, `${name}.svg`), svg);
    total += svg.length;
  }
}
console.log(`Wrote ${Object.values(PARTS).flat().length} parts, ${Math.round(total / 1024)} KB, to ${outDir}`);
