// Pango too: a view estimates text extents without a font.
#include <pango/pangocairo.h>
