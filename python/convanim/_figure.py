"""Figure: a config drawn by the C++ renderer, to files, to pixels, or inline in Jupyter."""
import glob
import json
import os
import tempfile

from . import _convanim, _notebook
from ._errors import ConfigError
from ._sources import json_value

_ALL = (0, 2**64 - 1)  # every step


class Figure:
    """A figure of a layer or a network, ready to save, inspect or display.

    Made by convanim.figure(); the render keys given there (view, canvas, motion, ...) apply to every
    output. Displays itself inline in Jupyter: an MP4 that plays, loops and steps (HTML), or the
    first step (PNG).
    """

    def __init__(self, config, render):
        self._config = config
        overrides = {key: json_value(key, value) for key, value in render.items()}
        self._figure = _convanim.Figure(config, json.dumps(overrides))
        self._encoded = {}

    @property
    def name(self):
        return self._figure.name

    @property
    def size(self):
        """(width, height) of every frame, in pixels."""
        return self._figure.size

    @property
    def step_count(self):
        """Kernel applications (steps), or for a network the top units drawn: one image each."""
        return self._figure.step_count

    def __repr__(self):
        width, height = self.size
        return f"<convanim.Figure {self.name!r}: {self.step_count} steps, {width}x{height}>"

    def save(self, *paths, steps=None):
        """Writes each path, its format by extension (.gif, .mp4, .png, .svg, .pdf, ...); several
        paths draw each frame once. steps=(A, B) keeps steps A to B (0-based, inclusive)."""
        if len(paths) == 1 and isinstance(paths[0], (list, tuple)):
            paths = tuple(paths[0])
        if not paths:
            raise ConfigError("convanim.Figure.save: paths: expected one path or more, such as \"conv.gif\"")
        names = [os.fspath(path) for path in paths]
        extensions = _convanim.extensions()
        for name in names:
            if not any(name.endswith(extension) for extension in extensions):
                raise ConfigError(f"convanim.Figure.save: {name}: unknown output extension; allowed: "
                                  f"{', '.join(extensions)}")
        self._figure.save(names, *self._range(steps))

    def trace(self):
        """What `convanim trace` prints, as Python objects (dicts and lists)."""
        return json.loads(self._config.trace())

    def shape(self):
        """{"output_shape": [...]}; for a network also "layers", each with its output shape and
        receptive field (per axis: size, jump, start)."""
        return json.loads(self._config.shape())

    def frames(self, steps=None):
        """The step images as a NumPy array (N, H, W, 4) of uint8 RGBA (straight alpha), the pixels
        of the PNGs the CLI writes."""
        return self._figure.frames(*self._range(steps))

    def encode(self, extension, steps=None):
        """The bytes of one file of this figure: encode(".gif"), encode(".mp4"), encode(".png", (0, 0))."""
        key = (extension, steps)
        if key not in self._encoded:
            with tempfile.TemporaryDirectory(prefix="convanim-") as folder:
                self.save(os.path.join(folder, "figure" + extension), steps=steps)
                (written,) = glob.glob(os.path.join(folder, "figure*"))  # a per-step file is figure_0.png
                with open(written, "rb") as file:
                    self._encoded[key] = file.read()
        return self._encoded[key]

    def to_html(self, format="mp4"):
        """An HTML fragment that plays the figure, with nothing outside it: format "mp4" (with step
        buttons) or "gif" (for front ends without H.264)."""
        if format not in ("mp4", "gif"):
            raise ConfigError(f"convanim.Figure.to_html: format: unknown {format!r:.20}; allowed: \"mp4\", \"gif\"")
        data = self.encode("." + format)
        return _notebook.html(data, format, self.size, self._figure.frame_duration_ms, self.name)

    def _repr_html_(self):
        return self.to_html("mp4")

    def _repr_png_(self):
        return self.encode(".png", (0, 0))

    def _range(self, steps):
        if steps is None:
            return _ALL
        try:
            first, last = (steps, steps) if isinstance(steps, int) else (int(steps[0]), int(steps[1]))
        except (TypeError, ValueError, IndexError):
            first = last = -1
        if not 0 <= first <= last < self.step_count:
            raise ConfigError(f"convanim.Figure: steps: expected A or (A, B) with 0 <= A <= B < {self.step_count} "
                              f"(the step count), got {steps!r:.40}")
        return first, last
