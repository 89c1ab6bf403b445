import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "anhui_regions.json"


def forwards(apps, schema_editor):
    """The 16 cities of 安徽省 with their arrival zone (合肥市 local, the rest province) and centroids."""
    Region = apps.get_model("customers", "Region")  # noqa: N806
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for city in data["cities"]:
        Region.objects.get_or_create(
            name=city["name"],
            defaults={"province": data["province"], "adcode": city["adcode"], "zone": city["zone"],
                      "latitude": city["lat"], "longitude": city["lng"]},
        )


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
