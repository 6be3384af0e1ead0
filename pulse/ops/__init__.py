"""Operations: backups, retention, exports and the scheduler that closes rounds."""
