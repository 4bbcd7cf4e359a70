// GIF through libavcodec's GIF encoder and libavformat's GIF muxer. A sample of the frames, drawn
// first, gives the palette (gif_palette.hpp: the theme's fills, their shaded versions, anti-aliased
// edges and text); then each frame is mapped onto it and encoded as it is drawn, so memory does not
// grow with the frame count.
#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

extern "C" {
#include <libavutil/opt.h>
}

#include "renderer/cairo/raster.hpp"
#include "renderer/libav/av_handles.hpp"
#include "renderer/libav/gif_palette.hpp"
#include "renderer/outputs/pending_file.hpp"

namespace convanim {
namespace {

constexpr AVRational gif_time_base{1, 100};  // GIF delays are centiseconds
constexpr std::int64_t min_delay_cs = 2;     // shorter delays are played as 10 cs by browsers

class GifOutput final : public RasterOutput {
 public:
  GifOutput(const OutputTarget& target, const OutputOptions& options, OutputSession& session)
      : RasterOutput(session), file_(target), options_(options), width_(options.size.width),
        height_(options.size.height) {}

  std::filesystem::path target() const override { return file_.target(); }
  std::string failure_notes() const override { return log_.notes(); }

  void end_preview() override {
    map_.emplace(sample_.palette());
    sample_ = {};
    open_encoder();
  }

  void finish() override {
    if (!encoder_) throw std::logic_error("a GIF needs at least one frame");
    // The muxer times a frame by the next one's start; the last one has none to go by.
    av_opt_set_int(format_->priv_data, "final_delay", centiseconds(clock_) - last_start_, 0);
    encode_and_write(encoder_.get(), nullptr, format_.get(), stream_, 0);
    finish_output(format_, "GIF");
    file_.commit();
  }

 protected:
  void sample(const RasterFrame& frame) override { sample_.add(frame); }

  void take(const RasterFrame& frame, const FrameInfo& info) override {
    if (!encoder_) {  // no sample came first: the first frame is the palette's
      sample(frame);
      end_preview();
    }
    const std::int64_t start = centiseconds(clock_);
    clock_ += info.duration >= 0 ? info.duration : options_.default_duration;
    // Browsers slow frames shorter than 2 cs down to 10: such a frame (above 50 fps) is left out,
    // its time going to the one before.
    if (emitted_ > 0 && start - last_start_ < min_delay_cs) return;
    map_frame(frame);
    // Each start rounded from the running time, so the delays never drift from the durations.
    last_start_ = start;
    ++emitted_;
    encode_indexed(start);
  }

 private:
  std::int64_t centiseconds(std::int64_t ticks) const {
    return (ticks * 100 + options_.ticks_per_second / 2) / options_.ticks_per_second;
  }

  // Maps the pixels that changed since the last frame written (all of the first) onto the palette.
  // The GIF encoder finds the changed rectangle again in the indices, and gives its unchanged
  // pixels the transparent entry.
  void map_frame(const RasterFrame& frame) {
    indexed_.resize(std::size_t(width_) * height_);
    changes_.next(frame, [this](int y, int x0, int x1, std::uint32_t colour) {
      std::uint8_t* row = indexed_.data() + std::size_t(y) * width_;
      std::fill(row + x0, row + x1, map_->index_of(colour));
    });
  }

  void encode_indexed(std::int64_t pts) {
    // The encoder keeps the last frame it was given: a new buffer when it still holds this one.
    if (!frame_->data[0] || !av_frame_is_writable(frame_.get())) {
      av_frame_unref(frame_.get());
      frame_->format = AV_PIX_FMT_PAL8;
      frame_->width = width_;
      frame_->height = height_;
      check(av_frame_get_buffer(frame_.get(), 0), "allocating a GIF frame");
    }
    for (int y = 0; y < height_; ++y)
      std::memcpy(frame_->data[0] + std::size_t(y) * frame_->linesize[0], indexed_.data() + std::size_t(y) * width_,
                  std::size_t(width_));
    std::memcpy(frame_->data[1], map_->palette().data(), sizeof(GifPalette));
    frame_->pts = pts;
    encode_and_write(encoder_.get(), frame_.get(), format_.get(), stream_, 0);
  }

  void open_encoder() {
    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_GIF);
    if (!codec) throw LibavError(AVERROR_ENCODER_NOT_FOUND, "finding the GIF encoder");
    format_ = open_output("gif", file_.fd(), file_.target().string());
    log_.watch(format_.get());
    encoder_.reset(avcodec_alloc_context3(codec));
    if (!encoder_) throw LibavError(AVERROR(ENOMEM), "allocating the GIF encoder");
    log_.watch(encoder_.get());
    encoder_->width = width_;
    encoder_->height = height_;
    encoder_->pix_fmt = AV_PIX_FMT_PAL8;
    encoder_->time_base = gif_time_base;
    check(avcodec_open2(encoder_.get(), codec, nullptr), "opening the GIF encoder");
    AVDictionary* muxer_options = nullptr;
    av_dict_set_int(&muxer_options, "loop", options_.loop ? 0 : -1, 0);  // 0: forever
    stream_ = start_stream(format_, encoder_.get(), muxer_options, "GIF");
  }

  PendingFile file_;
  LibavLog log_;  // before the contexts: it outlives them, as they may log while freed
  OutputOptions options_;
  int width_, height_;
  PaletteSample sample_;
  std::optional<PaletteMap> map_;
  FrameChanges changes_;               // since the last frame written
  std::vector<std::uint8_t> indexed_;  // the last frame written, as palette entries
  FramePtr frame_ = make_frame();
  std::int64_t clock_ = 0;       // ticks: the end of the frames given so far
  std::int64_t last_start_ = 0;  // centiseconds: the last frame written
  std::size_t emitted_ = 0;
  CodecContextPtr encoder_;
  OutputFormatPtr format_;
  AVStream* stream_ = nullptr;
};

}  // namespace

extern const OutputType gif_output{
    .extension = ".gif",
    .summary = "an animated GIF, looping (exact colours for flat fills)",
    .traits = {.keeps_transparency = false, .wants_preview = true},
    .make = [](const OutputTarget& target, const OutputOptions& options, OutputSession& session)
        -> std::unique_ptr<Output> { return std::make_unique<GifOutput>(target, options, session); },
};

}  // namespace convanim
