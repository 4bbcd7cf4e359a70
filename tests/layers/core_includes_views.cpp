// The core (src/) keeps no view names and no render options.
#include "renderer/views/render_options.hpp"
