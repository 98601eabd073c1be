"""Referral letters: a frozen content snapshot rendered to PDF with ReportLab."""
