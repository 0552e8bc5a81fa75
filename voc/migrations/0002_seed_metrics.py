"""Ship the standard metrics: NPS, CSAT, CES and three operational figures.

The rows are written out here, not imported from live code, so this migration means the same
thing forever.
"""

from django.db import migrations

METRICS = [
    {
        "code": "nps",
        "name": "Net Promoter Score",
        "kind": "nps",
        "scale_min": 0,
        "scale_max": 10,
        "direction": "higher",
        "unit": "points",
        "description": (
            "How likely are you to recommend us to a friend or colleague? (0-10). "
            "Promoters answer 9-10, passives 7-8, detractors 0-6; the score is % promoters "
            "minus % detractors, from -100 to 100."
        ),
    },
    {
        "code": "csat",
        "name": "Customer satisfaction (CSAT)",
        "kind": "csat",
        "scale_min": 1,
        "scale_max": 5,
        "success_min": 4,
        "success_max": 5,
        "direction": "higher",
        "unit": "%",
        "description": (
            "How satisfied were you with this interaction? (1-5). The score is the share of "
            "satisfied customers, answering 4 or 5."
        ),
    },
    {
        "code": "ces",
        "name": "Customer effort score (CES)",
        "kind": "ces",
        "scale_min": 1,
        "scale_max": 7,
        "direction": "higher",
        "unit": "",
        "description": (
            "'The company made it easy for me to handle my issue' (1 strongly disagree - "
            "7 strongly agree). The score is the mean answer."
        ),
    },
    {
        "code": "churn",
        "name": "Customer churn rate",
        "kind": "operational",
        "direction": "lower",
        "unit": "%",
        "description": "Share of customers lost in the period, entered monthly.",
    },
    {
        "code": "handle-time",
        "name": "Average handle time",
        "kind": "operational",
        "direction": "lower",
        "unit": "minutes",
        "description": "Mean handling time of a service contact, entered per period.",
    },
    {
        "code": "repeat-contacts",
        "name": "Repeat contact rate",
        "kind": "operational",
        "direction": "lower",
        "unit": "%",
        "description": "Share of contacts about an issue the customer had raised before.",
    },
]


def seed(apps, schema_editor):
    Metric = apps.get_model("voc", "Metric")
    for row in METRICS:
        Metric.objects.get_or_create(code=row["code"], defaults=row)


def unseed(apps, schema_editor):
    apps.get_model("voc", "Metric").objects.filter(code__in=[m["code"] for m in METRICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("voc", "0001_metrics_dimensions_responses_rollups_imports")]
    operations = [migrations.RunPython(seed, unseed)]
