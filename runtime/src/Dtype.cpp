// Element sizes and names of the aicc_dtype values (numbered as ONNX's TensorProto.DataType).
#include "aicc/runtime.h"

extern "C" size_t aicc_dtype_size(int32_t dtype) {
  switch (dtype) {
  case AICC_DTYPE_BOOL:
  case AICC_DTYPE_INT8:
  case AICC_DTYPE_UINT8: return 1;
  case AICC_DTYPE_INT16:
  case AICC_DTYPE_UINT16:
  case AICC_DTYPE_FLOAT16:
  case AICC_DTYPE_BFLOAT16: return 2;
  case AICC_DTYPE_FLOAT32:
  case AICC_DTYPE_INT32:
  case AICC_DTYPE_UINT32: return 4;
  case AICC_DTYPE_FLOAT64:
  case AICC_DTYPE_INT64:
  case AICC_DTYPE_UINT64: return 8;
  default: return 0;
  }
}

extern "C" const char *aicc_dtype_name(int32_t dtype) {
  switch (dtype) {
  case AICC_DTYPE_FLOAT32: return "float32";
  case AICC_DTYPE_UINT8: return "uint8";
  case AICC_DTYPE_INT8: return "int8";
  case AICC_DTYPE_UINT16: return "uint16";
  case AICC_DTYPE_INT16: return "int16";
  case AICC_DTYPE_INT32: return "int32";
  case AICC_DTYPE_INT64: return "int64";
  case AICC_DTYPE_BOOL: return "bool";
  case AICC_DTYPE_FLOAT16: return "float16";
  case AICC_DTYPE_FLOAT64: return "float64";
  case AICC_DTYPE_UINT32: return "uint32";
  case AICC_DTYPE_UINT64: return "uint64";
  case AICC_DTYPE_BFLOAT16: return "bfloat16";
  default: return "unknown";
  }
}
