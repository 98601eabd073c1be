"""How a referral letter looks: a LetterContent snapshot drawn as PDF bytes (ReportLab only here)."""
