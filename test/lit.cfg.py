# lit configuration for aicc: every .mlir/.onnxtxt/.py test under test/ runs against build/bin tools.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "aicc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".textproto"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.aicc_obj_root, "test")
config.excludes = ["lit.cfg.py", "lit.site.cfg.py.in", "unit", "models", "e2e", "conformance",
                   "bad_input", "Inputs"]

config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%aicc_src", config.aicc_src_root))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.aicc_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(["aicc-opt", "aicc"], [config.aicc_tools_dir])
