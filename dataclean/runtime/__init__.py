"""The only place with threads, processes, signals and the cyclic collector: the warm-up, the
background resolving, the writers side by side, waiting that Ctrl+C can stop, and the
:class:`~dataclean.runtime.policy.RunPolicy` that says when work goes elsewhere."""
