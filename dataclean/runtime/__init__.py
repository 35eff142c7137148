"""What a run needs from the machine: the clock, and (as they move here) threads, processes,
signals and the collector."""
