// The core (src/) knows nothing of drawing: the scene is not on its include path.
#include "renderer/scene/scene.hpp"
