// RAII for the Cairo and Pango objects the painter and the Cairo-backed outputs hold.
#pragma once

#include <memory>
#include <stdexcept>
#include <string_view>

#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

namespace convanim {

struct CairoDestroy {
  void operator()(cairo_t* cr) const noexcept { cairo_destroy(cr); }
  void operator()(cairo_surface_t* surface) const noexcept { cairo_surface_destroy(surface); }
  void operator()(cairo_font_options_t* options) const noexcept { cairo_font_options_destroy(options); }
  void operator()(PangoFontDescription* font) const noexcept { pango_font_description_free(font); }
  void operator()(PangoLayout* layout) const noexcept { g_object_unref(layout); }
  void operator()(PangoAttrList* list) const noexcept { pango_attr_list_unref(list); }
};
using CairoContext = std::unique_ptr<cairo_t, CairoDestroy>;
using CairoSurface = std::unique_ptr<cairo_surface_t, CairoDestroy>;
using CairoFontOptions = std::unique_ptr<cairo_font_options_t, CairoDestroy>;
using PangoFont = std::unique_ptr<PangoFontDescription, CairoDestroy>;
using PangoLayoutHandle = std::unique_ptr<PangoLayout, CairoDestroy>;
using PangoAttributes = std::unique_ptr<PangoAttrList, CairoDestroy>;

// Throws with Cairo's own words when a surface or context is in error.
inline void check_cairo(cairo_status_t status, std::string_view doing) {
  if (status != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(fmt::format("{}: {}", doing, cairo_status_to_string(status)));
}
inline void check_cairo(cairo_surface_t* surface, std::string_view doing) {
  check_cairo(cairo_surface_status(surface), doing);
}
inline void check_cairo(cairo_t* cr, std::string_view doing) { check_cairo(cairo_status(cr), doing); }

}  // namespace convanim
