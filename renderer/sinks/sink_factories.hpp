// The concrete sinks, one per output format; make_sink() picks among them by extension.
#pragma once

#include "renderer/sinks/pending_file.hpp"
#include "renderer/sinks/sink.hpp"

namespace convanim {

std::unique_ptr<FrameSink> make_gif_sink(const OutputTarget&, FrameSize, const SinkOptions&);
std::unique_ptr<FrameSink> make_mp4_sink(const OutputTarget&, FrameSize, const SinkOptions&);
std::unique_ptr<FrameSink> make_png_sink(const OutputTarget&, FrameSize, const SinkOptions&);
std::unique_ptr<FrameSink> make_svg_sink(const OutputTarget&, FrameSize, const SinkOptions&);
std::unique_ptr<FrameSink> make_pdf_sink(const OutputTarget&, FrameSize, const SinkOptions&);

}  // namespace convanim
