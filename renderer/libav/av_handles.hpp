// RAII for the libav objects the GIF and MP4 sinks hold, and one check() that turns a libav error
// code into an exception carrying av_strerror's text and what was being done.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/version.h>
#include <libswscale/swscale.h>
}

namespace convanim {

class LibavError : public std::runtime_error {
 public:
  LibavError(int code, std::string_view doing);
  int code() const { return code_; }

 private:
  int code_;
};

// A frame's duration, in its time base: AVFrame.duration since libavutil 57.30 (in FFmpeg 6),
// which deprecated pkt_duration; FFmpeg 7 removed the old field.
inline void set_frame_duration(AVFrame& frame, std::int64_t duration) {
#if LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(57, 30, 100)
  frame.duration = duration;
#else
  frame.pkt_duration = duration;
#endif
}

// Returns `ret` when it is not an error (>= 0), else throws LibavError.
int check(int ret, std::string_view doing);

// What libav logs (warnings and errors) about the contexts of one encode, from any thread, kept for
// the error message of a failed encode: libav's own words for what went wrong. Lines about contexts
// nobody watches are dropped, so libav never prints to the terminal.
class LibavLog {
 public:
  LibavLog() = default;
  ~LibavLog();  // stops watching
  LibavLog(const LibavLog&) = delete;
  LibavLog& operator=(const LibavLog&) = delete;

  void watch(const void* context);
  // "; libav: LINE; LINE" with the last lines logged, or "" when none.
  std::string notes() const;

  static constexpr std::size_t kept_lines = 3;  // the last few say what failed; more is noise
};

struct AvFree {
  void operator()(AVFrame* frame) const noexcept { av_frame_free(&frame); }
  void operator()(AVPacket* packet) const noexcept { av_packet_free(&packet); }
  void operator()(AVCodecContext* codec) const noexcept { avcodec_free_context(&codec); }
  void operator()(SwsContext* sws) const noexcept { sws_freeContext(sws); }
};
using FramePtr = std::unique_ptr<AVFrame, AvFree>;
using PacketPtr = std::unique_ptr<AVPacket, AvFree>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, AvFree>;
using SwsContextPtr = std::unique_ptr<SwsContext, AvFree>;

FramePtr make_frame();
PacketPtr make_packet();

// An output file being muxed: the format context and its AVIOContext, which writes through the
// descriptor of a file we created (never through libav's URL protocols: "pipe:1/a.gif" is a file
// name here like any other). A muxer dropped after its header without its trailer still gets
// av_write_trailer(), as only that frees some muxers' state (the GIF muxer's held-back packet);
// the file is being thrown away then.
struct OutputFormatFree {
  bool header_written = false;
  void operator()(AVFormatContext* format) const noexcept;
};
using OutputFormatPtr = std::unique_ptr<AVFormatContext, OutputFormatFree>;

// Allocates the muxer `format_name` ("gif", "mp4") writing through `fd` (left open: its owner
// closes it); `name` is only for messages. A muxer that reads back what it wrote (MP4's faststart)
// reads through the same descriptor.
OutputFormatPtr open_output(const char* format_name, int fd, const std::string& name);

// Adds the opened `encoder`'s stream to `format` and writes the header with `muxer_options`, which it
// frees. `name` says which file kind, for errors ("GIF", "MP4").
AVStream* start_stream(OutputFormatPtr& format, const AVCodecContext* encoder, AVDictionary* muxer_options,
                       std::string_view name);
// Writes the trailer and closes the file.
void finish_output(OutputFormatPtr& format, std::string_view name);

// Sends `frame` (nullptr to flush) to `codec` and writes every packet it returns to `stream`,
// interleaved; `duration` (in the codec's time base) fills packets that come back without one.
void encode_and_write(AVCodecContext* codec, const AVFrame* frame, AVFormatContext* format,
                      AVStream* stream, std::int64_t duration);
// The same, with each packet's duration (in the codec's time base) given by `duration_of`.
void encode_and_write(AVCodecContext* codec, const AVFrame* frame, AVFormatContext* format, AVStream* stream,
                      const std::function<std::int64_t(const AVPacket&)>& duration_of);

}  // namespace convanim
