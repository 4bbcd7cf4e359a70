// What each layer may include, from the outputs layer, which sees every layer below it.
#include "renderer/outputs/output.hpp"
#include "renderer/scene/scene.hpp"
#include "renderer/views/view.hpp"
#include "src/config/config.hpp"
