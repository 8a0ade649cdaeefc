"""oops: a Slack app that helps someone own up to a mistake, put it right and learn from it."""
