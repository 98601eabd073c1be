"""What a referral letter says: assessment, evaluation, review and choices to a LetterContent snapshot."""
