"""Governance pages: thin doors onto governance.services and governance.selectors."""

from django.shortcuts import render


def index(request):
    return render(request, "governance/index.html", {})
