// Cairo's stream callbacks: its PNG, SVG and PDF writers write through these.
#pragma once

#include <string>

#include <cairo.h>

#include "renderer/outputs/pending_file.hpp"

namespace convanim {

// Onto a BufferedWriter (the closure); a failure is raised again by the writer's next flush.
inline cairo_status_t write_to_stream(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<BufferedWriter*>(closure)->write(data, length);
    return CAIRO_STATUS_SUCCESS;
  } catch (const std::exception&) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

// Onto the end of a std::string (the closure).
inline cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace convanim
