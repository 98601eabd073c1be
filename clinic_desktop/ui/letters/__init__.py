"""The in-app referral letter: composer with live PDF preview, stored letters, printing and copies."""
