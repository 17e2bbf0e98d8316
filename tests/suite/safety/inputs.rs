//! Issue 27: What quire reads: no root, site file or template through a link it was not given; no FIFO.
