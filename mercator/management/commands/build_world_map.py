"""Build ``static/mercator/world.json``, the map data of the programme overview, from Natural Earth's 1:110m
countries as the ``world-atlas`` npm package ships them (TopoJSON, ISO 3166 numeric ids) and the ISO numeric →
alpha-2 table of the ``world-countries`` package. Run once when the map data changes; the result is committed and
served from our own static files (no CDN)::

    npm pack world-atlas@2.0.2 world-countries@5.1.0   # then untar both
    manage.py build_world_map --atlas world-atlas/countries-110m.json --countries world-countries/countries.json

The output is ``{"width", "height", "countries": {alpha2: {"name", "d"}}}``: one SVG path per country in an
equirectangular projection of 1000 by 500, rounded to one decimal."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

WIDTH, HEIGHT = 1000, 500


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs of a quantized TopoJSON topology as lists of (longitude, latitude)."""
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Keep a ring continuous where it crosses the antimeridian (a jump of more than 180° in longitude shifts the
    rest of the ring by 360°; the part beyond the map's edge is clipped) instead of drawing a line across the map."""
    unwrapped: list[tuple[float, float]] = []
    offset = 0.0
    for lon, lat in points:
        if unwrapped:
            step = lon + offset - unwrapped[-1][0]
            if step > 180:
                offset -= 360
            elif step < -180:
                offset += 360
        unwrapped.append((lon + offset, lat))
    return unwrapped


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180) / 360 * WIDTH, (90 - lat) / 180 * HEIGHT


def path(polygons: list[list[list[int]]], arcs) -> str:
    parts = []
    for polygon in polygons:
        for indexes in polygon:
            points = [project(lon, lat) for lon, lat in unwrap(ring(indexes, arcs))]
            if len(points) < 3:
                continue
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def build(atlas: dict, countries: list[dict]) -> dict:
    numeric = {c["ccn3"]: c["cca2"] for c in countries if c.get("ccn3")}
    arcs = decode_arcs(atlas)
    found = {}
    for geometry in atlas["objects"]["countries"]["geometries"]:
        code = numeric.get(str(geometry.get("id", "")).zfill(3))
        if not code or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        found[code] = {"name": geometry.get("properties", {}).get("name", code), "d": path(polygons, arcs)}
    return {"width": WIDTH, "height": HEIGHT, "countries": dict(sorted(found.items()))}


class Command(BaseCommand):
    help = "Build static/mercator/world.json from world-atlas TopoJSON and the world-countries ISO table."

    def add_arguments(self, parser):
        parser.add_argument("--atlas", required=True)
        parser.add_argument("--countries", required=True)
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "static" / "mercator" / "world.json"))

    def handle(self, *args, atlas: str, countries: str, out: str, **options):
        data = build(json.loads(Path(atlas).read_text()), json.loads(Path(countries).read_text()))
        Path(out).write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False))
        self.stdout.write(f"{len(data['countries'])} countries written to {out}")
