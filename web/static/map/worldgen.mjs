// worldgen.mjs turns Natural Earth outlines (npm world-atlas, public domain)
// into world.svg: two paths, #land and #borders, in a Mercator projection
// with x in [0, 1000] for longitudes -180..180 (see server/page_map.go,
// which projects points the same way). Antarctica is dropped; the map shows
// latitudes 84N..60S. Run once, by hand; the server only serves the result:
//
//   npm install world-atlas@2.0.2 topojson-client@3.1.0 topojson-simplify@3.0.3
//   node worldgen.mjs > world.svg
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as topo from "topojson-client";
import * as simp from "topojson-simplify";

const require = createRequire(import.meta.url);
const load = (f) => JSON.parse(readFileSync(require.resolve("world-atlas/" + f), "utf8"));

const W = 1000, NORTH = 84, SOUTH = -60;
const my = (lat) => (1 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / Math.PI) / 2 * W;
const px = (lon) => ((lon + 180) / 360) * W;
const top = my(NORTH), bottom = my(SOUTH);
const r = (v) => Math.round(v * 10) / 10;

function simplify(t, minWeight) {
  const p = simp.presimplify(t);
  return simp.simplify(p, minWeight);
}

// ringPath draws one ring or line. Rings that cross the antimeridian are
// unwrapped (drawn past x = 1000) and drawn again shifted by a full turn, so
// neither side is lost; lines are cut where they jump across it.
function ringPath(ring, closed) {
  let pts = ring.map(([lon, lat]) => [lon, Math.max(SOUTH - 5, Math.min(NORTH + 5, lat))]);
  const jumps = pts.some((p, i) => i > 0 && Math.abs(p[0] - pts[i - 1][0]) > 180);
  if (jumps && !closed) {
    let d = "", seg = [];
    for (let i = 0; i < pts.length; i++) {
      if (i > 0 && Math.abs(pts[i][0] - pts[i - 1][0]) > 180) { d += draw(seg, false); seg = []; }
      seg.push(pts[i]);
    }
    return d + draw(seg, false);
  }
  if (jumps) {
    let off = 0;
    const un = pts.map((p, i) => {
      if (i > 0) {
        const dl = p[0] - pts[i - 1][0];
        if (dl > 180) off -= 360;
        else if (dl < -180) off += 360;
      }
      return [p[0] + off, p[1]];
    });
    const shift = Math.min(...un.map((p) => p[0])) < -180 ? 360 : -360;
    return draw(un, true) + draw(un.map(([lon, lat]) => [lon + shift, lat]), true);
  }
  return draw(pts, closed);
}

function draw(pts, closed) {
  let d = "", lx = null, ly = null, n = 0;
  for (const [lon, lat] of pts) {
    const x = r(px(lon)), y = r(my(lat) - top);
    if (x === lx && y === ly) continue;
    d += (d === "" ? "M" : "L") + x + " " + y;
    lx = x; ly = y; n++;
  }
  if (n < 2) return "";
  return closed ? d + "Z" : d;
}

function featurePath(geom, closed) {
  const out = [];
  const polys = geom.type === "MultiPolygon" ? geom.coordinates
    : geom.type === "Polygon" ? [geom.coordinates]
    : geom.type === "MultiLineString" ? [geom.coordinates]
    : [[geom.coordinates]];
  for (const poly of polys) {
    for (const ring of poly) {
      if (ring.every(([, lat]) => lat < SOUTH)) continue; // Antarctica
      out.push(ringPath(ring, closed));
    }
  }
  return out.join("");
}

const land = simplify(load("land-50m.json"), 0.03);
const countries = simplify(load("countries-50m.json"), 0.03);
const landGeom = topo.merge(land, land.objects.land.geometries);
const borders = topo.mesh(countries, countries.objects.countries, (a, b) => a !== b);

const h = r(bottom - top);
process.stdout.write(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}">
<!-- Made with Natural Earth (public domain), via the world-atlas package (ISC). Mercator, x 0..${W} = 180W..180E, y 0 = ${NORTH}N. -->
<path id="land" d="${featurePath(landGeom, true)}"/>
<path id="borders" fill="none" d="${featurePath(borders, false)}"/>
</svg>
`);
