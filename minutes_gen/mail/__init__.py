"""E-mailing apology letters to applicants who filed online: the message, the sending, and the
log that makes a rerun never send a letter twice."""
