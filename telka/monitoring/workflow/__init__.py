"""Every state change of the monitoring app, one function each: starting, completing
and terminating projects, submitting and reviewing reports, and annual reports."""
