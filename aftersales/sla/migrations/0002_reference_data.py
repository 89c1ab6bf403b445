from django.db import migrations


def forwards(apps, schema_editor):
    from aftersales.sla import reference

    names = ("HolidayYear", "HolidayDate", "Calendar", "CalendarHours", "SlaPolicy", "SlaTarget")
    reference.seed({name: apps.get_model("sla", name) for name in names})


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
