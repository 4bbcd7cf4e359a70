// GIF through libavfilter's palettegen/paletteuse, libavcodec's GIF encoder and libavformat's GIF
// muxer. A sample of the frames, drawn first, shows palettegen the colours of the animation (the
// theme's fills, their shaded versions, anti-aliased edges and text); then each frame is mapped onto
// that palette and encoded as it is drawn, so memory does not grow with the frame count.
#include <algorithm>

#include <fmt/format.h>

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
}

#include "renderer/sinks/av_handles.hpp"
#include "renderer/sinks/pending_file.hpp"
#include "renderer/sinks/sink_factories.hpp"

namespace convanim {
namespace {

constexpr AVRational gif_time_base{1, 100};  // GIF delays are centiseconds
constexpr std::int64_t min_delay_cs = 2;     // shorter delays are played as 10 cs by browsers
// Flat fills must stay exact: no dithering. palettegen keeps one entry transparent, which the GIF
// encoder's transdiff uses for the pixels that did not change since the previous frame. Its
// statistics count what changes from frame to frame (plus the whole first frame), as gifski
// advises: the entries go where the bytes are. paletteuse then maps only the changed rectangle.
// Measured on full_padding_no_strides: 190 ms -> 157 ms a GIF, 0.8% more bytes.
constexpr const char* palettegen_args = "stats_mode=diff:reserve_transparent=1:max_colors=256";
constexpr const char* paletteuse_args = "dither=none:diff_mode=rectangle";

AVFilterContext* add_filter(AVFilterGraph* graph, const char* filter, const char* name, const std::string& args) {
  AVFilterContext* context = nullptr;
  check(avfilter_graph_create_filter(&context, avfilter_get_by_name(filter), name, args.c_str(), nullptr, graph),
        fmt::format("creating the {} filter", filter));
  return context;
}

std::string buffer_args(int width, int height, int pixel_format = AV_PIX_FMT_BGRA) {
  return fmt::format("video_size={}x{}:pix_fmt={}:time_base={}/{}:pixel_aspect=1/1", width, height,
                     pixel_format, gif_time_base.num, gif_time_base.den);
}

// Copies a drawn frame into `out` (Cairo's ARGB32 is BGRA in memory here), reusing its buffer
// when no filter holds it any more.
void copy_frame(const RasterFrame& frame, std::int64_t pts, AVFrame* out) {
  if (!out->data[0]) {
    out->format = AV_PIX_FMT_BGRA;
    out->width = frame.width;
    out->height = frame.height;
    check(av_frame_get_buffer(out, 0), "allocating a GIF frame");
  }
  check(av_frame_make_writable(out), "allocating a GIF frame");
  av_image_copy_plane(out->data[0], out->linesize[0], frame.data, frame.stride, frame.width * 4, frame.height);
  out->pts = pts;
}

class GifSink final : public RasterSink {
 public:
  GifSink(const OutputTarget& target, FrameSize size, const SinkOptions& options)
      : RasterSink(size.width, size.height), file_(target), options_(options), width_(size.width),
        height_(size.height) {
    palette_graph_.reset(avfilter_graph_alloc());
    AVFilterGraph* graph = palette_graph_.get();
    palette_in_ = add_filter(graph, "buffer", "in", buffer_args(width_, height_));
    AVFilterContext* generate = add_filter(graph, "palettegen", "palettegen", palettegen_args);
    palette_out_ = add_filter(graph, "buffersink", "out", "");
    check(avfilter_link(palette_in_, 0, generate, 0), "linking palettegen");
    check(avfilter_link(generate, 0, palette_out_, 0), "linking palettegen");
    check(avfilter_graph_config(graph, nullptr), "configuring palettegen");
  }

  bool keeps_transparency() const override { return false; }
  std::filesystem::path target() const override { return file_.target(); }
  bool wants_preview() const override { return true; }

  void preview(const RasterFrame& frame) override {
    copy_frame(frame, previewed_++, drawn_.get());
    // PUSH: palettegen takes each frame now; queued frames would make memory grow with the count.
    check(av_buffersrc_add_frame_flags(palette_in_, drawn_.get(), AV_BUFFERSRC_FLAG_KEEP_REF | AV_BUFFERSRC_FLAG_PUSH),
          "collecting colours for the palette");
  }

  void end_preview() override {
    check(av_buffersrc_add_frame(palette_in_, nullptr), "ending the palette's sample");
    FramePtr palette = make_frame();
    check(av_buffersink_get_frame(palette_out_, palette.get()), "generating the palette");
    palette_graph_.reset();
    open_mapping(std::move(palette));
    open_encoder();
  }

  void finish() override {
    if (!encoder_) throw std::logic_error("a GIF needs at least one frame");
    check(av_buffersrc_add_frame(map_in_, nullptr), "ending the GIF frames");
    drain_mapping();
    // The muxer times a frame by the next one's start; the last one has none to go by.
    av_opt_set_int(format_->priv_data, "final_delay", centiseconds(clock_) - last_start_, 0);
    encode_and_write(encoder_.get(), nullptr, format_.get(), stream_, 0);
    finish_output(format_, "GIF");
    file_.commit();
  }

 protected:
  void consume(const RasterFrame& frame, const FrameInfo& info) override {
    if (!encoder_) {  // no sample came first: the first frame is the palette's
      preview(frame);
      end_preview();
    }
    const std::int64_t start = centiseconds(clock_);
    clock_ += info.duration >= 0 ? info.duration : options_.default_duration;
    // Browsers slow frames shorter than 2 cs down to 10: such a frame (above 50 fps) is left out,
    // its time going to the one before.
    if (emitted_ > 0 && start - last_start_ < min_delay_cs) return;
    // Each start rounded from the running time, so the delays never drift from the durations.
    copy_frame(frame, start, drawn_.get());
    last_start_ = start;
    ++emitted_;
    check(av_buffersrc_add_frame_flags(map_in_, drawn_.get(), AV_BUFFERSRC_FLAG_KEEP_REF | AV_BUFFERSRC_FLAG_PUSH),
          "mapping a frame onto the palette");
    drain_mapping();
  }

 private:
  std::int64_t centiseconds(std::int64_t ticks) const {
    return (ticks * 100 + options_.ticks_per_second / 2) / options_.ticks_per_second;
  }

  void open_mapping(FramePtr palette) {
    map_graph_.reset(avfilter_graph_alloc());
    AVFilterGraph* graph = map_graph_.get();
    map_in_ = add_filter(graph, "buffer", "in", buffer_args(width_, height_));
    AVFilterContext* palette_in =
        add_filter(graph, "buffer", "palette", buffer_args(palette->width, palette->height, palette->format));
    AVFilterContext* use = add_filter(graph, "paletteuse", "paletteuse", paletteuse_args);
    map_out_ = add_filter(graph, "buffersink", "out", "");
    check(avfilter_link(map_in_, 0, use, 0), "linking paletteuse");
    check(avfilter_link(palette_in, 0, use, 1), "linking paletteuse");
    check(avfilter_link(use, 0, map_out_, 0), "linking paletteuse");
    check(avfilter_graph_config(graph, nullptr), "configuring paletteuse");
    palette->pts = 0;
    check(av_buffersrc_add_frame(palette_in, palette.get()), "loading the palette");
    check(av_buffersrc_add_frame(palette_in, nullptr), "loading the palette");
  }

  void open_encoder() {
    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_GIF);
    if (!codec) throw LibavError(AVERROR_ENCODER_NOT_FOUND, "finding the GIF encoder");
    format_ = open_output("gif", file_.fd(), file_.target().string());
    encoder_.reset(avcodec_alloc_context3(codec));
    if (!encoder_) throw LibavError(AVERROR(ENOMEM), "allocating the GIF encoder");
    encoder_->width = width_;
    encoder_->height = height_;
    encoder_->pix_fmt = AV_PIX_FMT_PAL8;
    encoder_->time_base = gif_time_base;
    check(avcodec_open2(encoder_.get(), codec, nullptr), "opening the GIF encoder");
    AVDictionary* muxer_options = nullptr;
    av_dict_set_int(&muxer_options, "loop", options_.loop ? 0 : -1, 0);  // 0: forever
    stream_ = start_stream(format_, encoder_.get(), muxer_options, "GIF");
  }

  void drain_mapping() {
    FramePtr mapped = make_frame();
    while (true) {
      const int ret = av_buffersink_get_frame(map_out_, mapped.get());
      if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return;
      check(ret, "mapping a frame onto the palette");
      mapped->pict_type = AV_PICTURE_TYPE_NONE;
      encode_and_write(encoder_.get(), mapped.get(), format_.get(), stream_, 0);
      av_frame_unref(mapped.get());
    }
  }

  PendingFile file_;
  FramePtr drawn_ = make_frame();
  SinkOptions options_;
  int width_, height_;
  std::int64_t previewed_ = 0;
  std::int64_t clock_ = 0;       // ticks: the end of the frames given so far
  std::int64_t last_start_ = 0;  // centiseconds: the last frame written
  std::size_t emitted_ = 0;
  FilterGraphPtr palette_graph_, map_graph_;
  AVFilterContext *palette_in_ = nullptr, *palette_out_ = nullptr, *map_in_ = nullptr, *map_out_ = nullptr;
  CodecContextPtr encoder_;
  OutputFormatPtr format_;
  AVStream* stream_ = nullptr;
};

}  // namespace

std::unique_ptr<FrameSink> make_gif_sink(const OutputTarget& target, FrameSize size,
                                         const SinkOptions& options) {
  return std::make_unique<GifSink>(target, size, options);
}

}  // namespace convanim
