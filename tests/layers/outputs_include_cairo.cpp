// The outputs that write scenes as text (SVG, JSON) do so without Cairo.
#include <cairo.h>
