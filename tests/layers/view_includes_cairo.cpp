// Cairo is renderer/cairo's alone.
#include <cairo.h>
