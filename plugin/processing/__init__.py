"""Processing toolbox: the MTGRR provider and its algorithms."""
