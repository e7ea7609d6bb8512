"""A snapshot's sections made ready for a page: texts in the page's language, and for each charted table the
JSON the chart script reads (labels and one dataset per numeric column)."""

from __future__ import annotations

from reports.exporting import localized


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def chart_spec(table: dict, language: str) -> dict | None:
    chart = table.get("chart")
    rows = table["rows"]
    if not chart or not rows:
        return None
    if chart["type"] == "map":  # rows: [ISO code, name, missions]
        return {"type": "map", "values": {row[0]: row[-1] for row in rows}}
    label_at = chart.get("label", 0)
    numeric = [i for i, cell in enumerate(rows[0]) if _is_number(cell) and i != label_at]
    if chart["type"] in ("doughnut", "funnel"):
        numeric = numeric[:1]
    columns = [localized(column, language) for column in table["columns"]]
    return {
        "type": chart["type"],
        "stacked": bool(chart.get("stacked")),
        "labels": [str(localized(row[label_at], language)) for row in rows],
        "datasets": [{"label": columns[i], "data": [row[i] for row in rows]} for i in numeric],
    }


def sections_for_page(snapshot: dict, language: str, *, prefix: str) -> list[dict]:
    sections = []
    for section in snapshot.get("sections", []):
        tables = []
        for table in section.get("tables", []):
            spec = chart_spec(table, language)
            tables.append(
                {
                    "key": table["key"],
                    "id": f"{prefix}-{section['key']}-{table['key']}",
                    "chart_id": f"{prefix}-{section['key']}-{table['key']}-data",
                    "title": localized(table["title"], language),
                    "columns": [localized(column, language) for column in table["columns"]],
                    "rows": [
                        [{"value": localized(cell, language), "number": _is_number(cell)} for cell in row]
                        for row in table["rows"]
                    ],
                    "total": table.get("total"),
                    "total_offset": len(table["columns"]) - len(table.get("total") or []),
                    "chart": spec,
                }
            )
        sections.append(
            {
                "key": section["key"],
                "title": localized(section["title"], language),
                "notes": [localized(note, language) for note in section.get("notes", [])],
                "headline": [
                    {**entry, "label": localized(entry["label"], language)} for entry in section.get("headline", [])
                ],
                "tables": tables,
            }
        )
    return sections
