// MP4: H.264 (libx264) in yuv420p through libavcodec and libavformat, the moov atom moved to the
// front (faststart) so browsers start playing before the whole file has arrived.
//
// A variable frame rate: one video frame per drawn frame, lasting as long as that frame is shown, in
// the timeline's ticks. A stepped figure is one frame a step (repeating a held picture at a constant
// rate made x264 60% of a batch's time); smooth motion is its moving frames and one frame per hold.
// Keyframes: the first frame, then the first frame starting a second or more after the last one, so
// that players can seek; with steps of a second or more, every frame is one.
#include <map>
#include <optional>
#include <string>

#include <fmt/format.h>

extern "C" {
#include <libavutil/cpu.h>
#include <libavutil/opt.h>
}

#include "renderer/cairo/raster.hpp"
#include "renderer/libav/av_handles.hpp"
#include "renderer/outputs/pending_file.hpp"

namespace convanim {
namespace {

// Sharp flat-colour graphics at a quality where edges and text survive (PSNR well above 35 dB).
// Measured on full_padding_no_strides, smooth, 30 fps: preset faster took 6.2 s, veryfast 3.6 s for
// the same 2.3 MB; tune stillimage saved 14% in size but its psychovisual tuning blurs thin lines
// below 35 dB, where tune animation keeps them above.
constexpr const char* x264_crf = "23";
constexpr int encoder_threads = 2;
constexpr const char* x264_preset = "veryfast";
constexpr const char* x264_tune = "animation";
constexpr int x264_keyint_infinite = 1 << 30;  // X264_KEYINT_MAX_INFINITE
// A keyframe at the first frame, then at the first frame at least this many seconds after the last:
// the steps between are predicted frames, which code only the few cells a step changes (an IDR a
// step made the guide's MP4s six times their GIFs). Players seek exactly to any frame by decoding
// from the keyframe before it, at most this long a stretch.
constexpr std::int64_t keyframe_interval_s = 4;

// x264's AVX-512 code makes encoding decisions from memory whose contents depend on what the process
// did before: the frames decode the same, but the files differ by a few bytes from one batch to the
// next. The instruction sets this CPU has (libavutil's detection), less AVX-512, keep files
// byte-identical at a small cost in speed. Empty: leave x264's own choice (not x86).
std::string x264_instruction_sets() {
#if defined(__x86_64__) || defined(__i386__)
  constexpr std::pair<int, const char*> names[] = {
      {AV_CPU_FLAG_MMXEXT, "MMX2"}, {AV_CPU_FLAG_SSE, "SSE"},     {AV_CPU_FLAG_SSE2, "SSE2"},
      {AV_CPU_FLAG_SSE3, "SSE3"},   {AV_CPU_FLAG_SSSE3, "SSSE3"}, {AV_CPU_FLAG_SSE4, "SSE4.1"},
      {AV_CPU_FLAG_SSE42, "SSE4.2"}, {AV_CPU_FLAG_AVX, "AVX"},    {AV_CPU_FLAG_FMA3, "FMA3"},
      {AV_CPU_FLAG_BMI1, "BMI1"},   {AV_CPU_FLAG_BMI2, "BMI2"},   {AV_CPU_FLAG_AVX2, "AVX2"},
  };
  const int available = av_get_cpu_flags();
  std::string sets;
  for (const auto& [flag, name] : names)
    if (available & flag) sets += (sets.empty() ? "" : ",") + std::string(name);
  return sets;
#else
  return {};
#endif
}

// x264 holds rc-lookahead frames (20 in preset faster) plus its references, so memory grew with the
// frame count up to that depth (1.8 GB at 3624x4620 px). A lookahead of 5 keeps it flat, and made the
// guide's MP4s 4% smaller; 0 would also turn off macroblock-tree rate control, and cost 10% in size.
// Flat figures need little motion search: a diamond search at subpel level 1 was 15% faster on
// full_padding_no_strides at 1920x1080, smooth, for 6% more bytes (4.63 against 4.37 MB).
// When a stepped figure was all keyframes, CABAC coding their sharp edges was most of x264's time:
// CAVLC took the guide's MP4s from 1.9-2.2 s to 1.5 s of CPU for 7% more bytes, at the same quality
// (the quantiser is the same), and is cheaper to decode on a lecture hall's PC. With predicted steps,
// CABAC saves 7% of the bytes (5.61 against 6.05 MB) for 21% more CPU: CAVLC stays.
std::string x264_params() {
  std::string params = "rc-lookahead=5:sync-lookahead=0:me=dia:subme=1:cabac=0";
  if (const std::string sets = x264_instruction_sets(); !sets.empty()) params += ":asm=" + sets;
  return params;
}

class Mp4Output final : public RasterOutput {
 public:
  Mp4Output(const OutputTarget& target, const OutputOptions& options, OutputSession& session)
      : RasterOutput(session), file_(target), options_(options) {
    try {
      open_encoder();
    } catch (const LibavError& e) {
      throw OutputError(file_.target(), e.what() + log_.notes());
    }
  }

  std::filesystem::path target() const override { return file_.target(); }
  std::string failure_notes() const override { return log_.notes(); }

  void finish() override {
    write_packets(nullptr);
    finish_output(format_, "MP4");  // the trailer moves the moov atom to the front
    file_.commit();
  }

 protected:
  void take(const RasterFrame& frame, const FrameInfo& info) override {
    const std::int64_t start = clock_;
    const std::int64_t duration = info.duration >= 0 ? info.duration : options_.default_duration;
    clock_ += duration;
    check(av_frame_make_writable(frame_.get()), "preparing the H.264 frame");
    const std::uint8_t* source[] = {frame.data};
    const int source_stride[] = {frame.stride};
    sws_scale(scaler_.get(), source, source_stride, 0, frame.height, frame_->data, frame_->linesize);
    frame_->pts = start;
    set_frame_duration(*frame_, duration);
    const bool key = !last_key_ || start - *last_key_ >= keyframe_interval_s * options_.ticks_per_second;
    if (key) last_key_ = start;
    frame_->pict_type = key ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
    durations_[start] = duration;
    write_packets(frame_.get());
  }

 private:
  void open_encoder() {
    const FrameSize size = options_.size;
    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    if (!codec) throw LibavError(AVERROR_ENCODER_NOT_FOUND, "finding the libx264 H.264 encoder");
    format_ = open_output("mp4", file_.fd(), file_.target().string());
    log_.watch(format_.get());
    encoder_.reset(avcodec_alloc_context3(codec));
    if (!encoder_) throw LibavError(AVERROR(ENOMEM), "allocating the H.264 encoder");
    log_.watch(encoder_.get());
    encoder_->width = size.width;  // even: views round sizes up for yuv420p
    encoder_->height = size.height;
    encoder_->pix_fmt = AV_PIX_FMT_YUV420P;
    encoder_->time_base = {1, int(options_.ticks_per_second)};
    // The rate of the finest frames (smooth motion's, 1000 ticks apart: motion.hpp), from which x264
    // picks the stream's level; without it, it would take the ticks for frames.
    encoder_->framerate = {int(options_.ticks_per_second / 1000), 1};
    // x264 counts its keyframe interval in frames, not time, which at a variable rate would add
    // keyframes between the forced ones (consume()): its own interval is off (x264's "infinite").
    encoder_->gop_size = x264_keyint_infinite;
    encoder_->max_b_frames = 0;  // every frame is shown in the order drawn; durations stay exact
    // x264's output depends on its thread count (not on the machine's cores, as it is repeatable by
    // default): a fixed count keeps files the same everywhere.
    encoder_->thread_count = encoder_threads;
    encoder_->color_range = AVCOL_RANGE_MPEG;
    encoder_->colorspace = AVCOL_SPC_BT709;
    encoder_->color_primaries = AVCOL_PRI_BT709;
    encoder_->color_trc = AVCOL_TRC_BT709;
    if (format_->oformat->flags & AVFMT_GLOBALHEADER) encoder_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    av_opt_set(encoder_->priv_data, "crf", x264_crf, 0);
    av_opt_set(encoder_->priv_data, "preset", x264_preset, 0);
    av_opt_set(encoder_->priv_data, "tune", x264_tune, 0);
    av_opt_set(encoder_->priv_data, "x264-params", x264_params().c_str(), 0);
    av_opt_set(encoder_->priv_data, "forced-idr", "1", 0);  // a forced keyframe is one players seek to
    check(avcodec_open2(encoder_.get(), codec, nullptr), "opening the H.264 encoder");

    AVDictionary* muxer_options = nullptr;
    av_dict_set(&muxer_options, "movflags", "+faststart", 0);
    stream_ = start_stream(format_, encoder_.get(), muxer_options, "MP4");

    // Without FULL_CHR_H_INP, swscale reads BGRA's chroma two pixels at a time in plain C, a
    // millisecond a 554x614 frame; with it, at full width in SIMD, then filters it down: 0.65 ms.
    // Bilinear chroma costs 0.4 to 0.5 dB (35.4 dB left on the dark theme's thin lines), dropping
    // ACCURATE_RND 0.01 dB, and neither is measurably faster.
    scaler_.reset(sws_getContext(size.width, size.height, AV_PIX_FMT_BGRA, size.width, size.height,
                                 AV_PIX_FMT_YUV420P, SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP,
                                 nullptr, nullptr, nullptr));
    if (!scaler_) throw LibavError(AVERROR(EINVAL), "setting up the BGRA to yuv420p conversion");
    log_.watch(scaler_.get());
    const int* coefficients = sws_getCoefficients(SWS_CS_ITU709);
    sws_setColorspaceDetails(scaler_.get(), coefficients, 1, coefficients, 0, 0, 1 << 16, 1 << 16);
    frame_ = make_frame();
    frame_->format = AV_PIX_FMT_YUV420P;
    frame_->width = size.width;
    frame_->height = size.height;
    check(av_frame_get_buffer(frame_.get(), 0), "allocating the H.264 frame");
  }

  // libx264 returns packets without the frames' durations, and the muxer takes the last sample's
  // duration from its packet: each packet gets its frame's, found by its time.
  void write_packets(const AVFrame* frame) {
    encode_and_write(encoder_.get(), frame, format_.get(), stream_, [this](const AVPacket& packet) {
      const auto found = durations_.find(packet.pts);
      if (found == durations_.end()) throw LibavError(AVERROR_BUG, "matching an H.264 packet to its frame");
      const std::int64_t duration = found->second;
      durations_.erase(found);
      return duration;
    });
  }

  PendingFile file_;
  LibavLog log_;  // before the contexts: it outlives them, as they may log while freed
  OutputOptions options_;
  std::int64_t clock_ = 0;  // ticks: the end of the frames given so far
  std::optional<std::int64_t> last_key_;        // ticks: the start of the last keyframe
  std::map<std::int64_t, std::int64_t> durations_;  // of the frames in the encoder, by start
  CodecContextPtr encoder_;
  OutputFormatPtr format_;
  AVStream* stream_ = nullptr;
  SwsContextPtr scaler_;
  FramePtr frame_;
};

}  // namespace

extern const OutputType mp4_output{
    .extension = ".mp4",
    .summary = "an H.264 video with a frame per step (or per move), seekable to every step",
    .traits = {.keeps_transparency = false},
    .make = [](const OutputTarget& target, const OutputOptions& options, OutputSession& session)
        -> std::unique_ptr<Output> { return std::make_unique<Mp4Output>(target, options, session); },
};

}  // namespace convanim
