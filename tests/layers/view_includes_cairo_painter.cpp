// A view does not paint.
#include "renderer/cairo/painter.hpp"
