"""What running the site in production needs that no feature owns: /healthz, which reads the
database, the broker, the workers' heartbeat and the match index's age."""
