// TEST ONLY: preloaded (LD_PRELOAD) into `ionarray` to stand for a system where libusb cannot
// start (no USB stack reachable; on this machine libusb_init succeeds even without /dev/bus/usb,
// so the failure has to be simulated). The real libusb_init is shadowed and fails.
#include <libusb.h>

extern "C" int libusb_init(libusb_context** /*context*/) { return LIBUSB_ERROR_OTHER; }
