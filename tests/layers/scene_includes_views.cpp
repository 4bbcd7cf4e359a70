// The scene is plain data under the views: it cannot reach up to them.
#include "renderer/views/view.hpp"
