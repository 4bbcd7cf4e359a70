"""Builds convanim._convanim with the project's CMake (the CMake target `_convanim`, which links the
same convanim::core and convanim::renderer libraries as the CLI) and puts it in the wheel.

The build folder is ../build/python (reused by the next install), or $CONVANIM_BUILD_DIR: a build
folder configured with -DCONVANIM_PYTHON=ON, whose target is then only brought up to date.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent.parent


class CMakeBuild(build_ext):
    def build_extension(self, extension):
        if not (ROOT / "CMakeLists.txt").is_file():
            sys.exit(f"convanim: {ROOT} is not the convanim repository: install from its python/ folder, "
                     f"as `pip install --no-build-isolation ./python`")
        build = Path(os.environ.get("CONVANIM_BUILD_DIR") or ROOT / "build" / "python")
        if not (build / "CMakeCache.txt").is_file():
            import pybind11
            generator = ["-G", "Ninja"] if shutil.which("ninja") else []
            subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build), *generator, "-DCMAKE_BUILD_TYPE=Release",
                            "-DCONVANIM_PYTHON=ON", "-DCONVANIM_TESTS=OFF", f"-DPython3_EXECUTABLE={sys.executable}",
                            f"-Dpybind11_DIR={pybind11.get_cmake_dir()}"], check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        subprocess.run(["cmake", "--build", str(build), "--target", "_convanim", "-j", jobs], check=True)
        built = next((build / "python" / "convanim").glob("_convanim*.so"))
        target = Path(self.get_ext_fullpath(extension.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(ext_modules=[Extension("convanim._convanim", sources=[])], cmdclass={"build_ext": CMakeBuild})
