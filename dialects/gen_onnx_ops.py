#!/usr/bin/python3
"""Writes dialects/AiccOps.td: one ODS op per ONNX operator of the default domain.

The ONNX schemas (onnx.defs, the onnx Python package of the build machine) are the single source of
operand names, types, attributes and docs, so the dialect cannot drift from the spec by hand edits.
For each op type the newest schema with since_version <= MAX_OPSET is used; deprecated ops are skipped.
Behaviour that ODS cannot express (verifiers, folders, canonicalizers, shape inference) is declared
in the tables below and implemented in C++ under dialects/.

    /usr/bin/python3 dialects/gen_onnx_ops.py            # rewrite dialects/AiccOps.td
    /usr/bin/python3 dialects/gen_onnx_ops.py --check    # exit 1 if the checked-in file is stale
"""

import argparse
import difflib
import pathlib
import re
import sys

import numpy
import onnx
from onnx import defs

MAX_OPSET = 17

# --- Custom behaviour, implemented in C++ (dialects/ops/*.cpp, dialects/ShapeInference*.cpp). ---

VERIFIERS = {
    "AveragePool", "Concat", "Constant", "Conv", "Flatten", "Gather", "Gemm", "MatMul", "MaxPool",
    "Reshape", "Softmax", "Squeeze", "Transpose", "Unsqueeze",
}
FOLDERS = {
    "Cast", "Constant", "Flatten", "Identity", "Reshape", "Shape", "Size", "Squeeze", "Transpose",
    "Unsqueeze",
}
CANONICALIZERS = {"Dropout"}
# Ops whose folder always succeeds with an attribute, so the greedy folder may treat them as
# constants (the dialect's materializer rebuilds them).
CONSTANT_LIKE = {"Constant"}

# Extra builders (ODS `builders`) for forms the importer and the folders create.
BUILDERS = {
    # The normal form of an ONNX Constant: only `value`. The result type is the value's type, or
    # that type with a quantized element type stored as the value's (int8 weights of a QDQ model).
    "Constant": [
        """OpBuilder<(ins "::mlir::ElementsAttr":$value,
                     CArg<"::mlir::Type", "{}">:$type), [{
      $_state.addTypes(type ? type : value.getType());
      $_state.getOrAddProperties<Properties>().setValue(value);
    }]>""",
    ],
}

# ShapeInferenceOpInterface: op -> the rule in dialects/ShapeInference.h that refines its results.
# Elementwise unary ops and the softmaxes keep their input's shape, the scatters their data's; the
# n-ary ones broadcast.
_SAME_SHAPE = ["Abs", "Acos", "Acosh", "Asin", "Asinh", "Atan", "Atanh", "BatchNormalization", "Bernoulli", "Cast",
               "CastLike", "Ceil", "Celu", "Clip", "Cos", "Cosh", "CumSum", "DequantizeLinear", "Elu", "Erf", "Exp",
               "EyeLike", "Floor", "Hardmax",
               "HardSigmoid", "HardSwish", "Identity", "InstanceNormalization", "IsInf", "IsNaN",
               "LayerNormalization", "LeakyRelu", "Log", "LogSoftmax", "LRN", "MeanVarianceNormalization",
               "Neg", "Not", "QuantizeLinear", "RandomNormalLike", "RandomUniformLike", "Reciprocal", "Relu",
               "ReverseSequence", "Round",
               "ScatterElements", "ScatterND", "Selu", "Shrink",
               "Sigmoid", "Sign", "Sin",
               "Sinh", "Softmax", "Softplus", "Softsign", "Sqrt", "Tan", "Tanh", "ThresholdedRelu", "Trilu"]
# PRelu broadcasts its slope to X (unidirectionally: the result is X's shape, which the rule gives).
_BROADCAST = ["Add", "And", "BitShift", "Div", "Equal", "Greater", "GreaterOrEqual", "Less", "LessOrEqual",
              "Max", "Mean", "Min", "Mod", "Mul", "Or", "Pow", "PRelu", "Sub", "Sum", "Where", "Xor"]
SHAPE_RULES = {
    **{op: "inferSameShapeAsInput" for op in _SAME_SHAPE},
    **{op: "inferBroadcastShape" for op in _BROADCAST},
    **{op: "inferPoolShape" for op in ["AveragePool", "MaxPool"]},
    **{op: "inferGlobalPoolShape" for op in ["GlobalAveragePool", "GlobalMaxPool"]},
    **{op: "inferReduceShape" for op in ["ArgMax", "ArgMin", "ReduceL1", "ReduceL2", "ReduceLogSum",
                                         "ReduceLogSumExp", "ReduceMax", "ReduceMean", "ReduceMin",
                                         "ReduceProd", "ReduceSum", "ReduceSumSquare"]},
    **{op: "inferWindowShape" for op in ["BlackmanWindow", "HammingWindow", "HannWindow"]},
    "Compress": "inferCompressShape",
    "Concat": "inferConcatShape",
    "ConstantOfShape": "inferConstantOfShapeShape",
    "Conv": "inferConvShape",
    "ConvInteger": "inferConvIntegerShape",
    "ConvTranspose": "inferConvTransposeShape",
    "DepthToSpace": "inferDepthToSpaceShape",
    "Det": "inferDetShape",
    "DynamicQuantizeLinear": "inferDynamicQuantizeLinearShape",
    "Dropout": "inferEveryResultLikeInput",
    "Expand": "inferExpandShape",
    "Flatten": "inferFlattenShape",
    "Gather": "inferGatherShape",
    "GatherElements": "inferGatherElementsShape",
    "GatherND": "inferGatherNDShape",
    "Gemm": "inferGemmShape",
    "GRU": "inferRecurrentShape",
    "If": "inferIfShape",
    "Loop": "inferLoopShape",
    "LSTM": "inferRecurrentShape",
    "MatMul": "inferMatMulShape",
    "MatMulInteger": "inferMatMulIntegerShape",
    "NonZero": "inferNonZeroShape",
    "OneHot": "inferOneHotShape",
    "Pad": "inferPadShape",
    "QLinearConv": "inferQLinearConvShape",
    "QLinearMatMul": "inferQLinearMatMulShape",
    "Range": "inferRangeShape",
    "Reshape": "inferReshapeShape",
    "RNN": "inferRecurrentShape",
    "Resize": "inferResizeShape",
    "Shape": "inferShapeShape",
    "Slice": "inferSliceShape",
    "SpaceToDepth": "inferSpaceToDepthShape",
    "Split": "inferSplitShape",
    "Squeeze": "inferSqueezeShape",
    "Tile": "inferTileShape",
    "TopK": "inferTopKShape",
    "Transpose": "inferTransposeShape",
    "Unique": "inferUniqueShape",
    "Unsqueeze": "inferUnsqueezeShape",
}

# Random ops must not be CSE'd or hoisted: they get no Pure trait.
NONDETERMINISTIC = {"Bernoulli", "Multinomial", "RandomNormal", "RandomNormalLike", "RandomUniform",
                    "RandomUniformLike"}

# --- Mapping ONNX types and attributes onto ODS. ---

# ONNX element type -> ODS type constraint; dict order is the order in generated constraint lists.
ELEMENT_TYPES = {
    "float": "F32", "double": "F64", "float16": "F16", "bfloat16": "BF16",
    "int8": "I8", "int16": "I16", "int32": "I32", "int64": "I64",
    "uint8": "UI8", "uint16": "UI16", "uint32": "UI32", "uint64": "UI64",
    "bool": "I1", "string": "Aicc_String",
    "complex64": "Complex<F32>", "complex128": "Complex<F64>",
}
# Quantized models carry !quant.uniform element types wherever ONNX holds their storage type.
QUANTIZED_STORAGE = {"int8", "uint8", "int32"}
QUANTIZED = "quant_QuantizedType"

A = defs.OpSchema.AttrType
ATTR_TYPES = {
    A.INT: "I64Attr", A.FLOAT: "F32Attr", A.STRING: "StrAttr",
    A.INTS: "DenseI64ArrayAttr", A.FLOATS: "DenseF32ArrayAttr", A.STRINGS: "StrArrayAttr",
    A.TENSOR: "ElementsAttr", A.SPARSE_TENSOR: "ElementsAttr",
    A.TYPE_PROTO: "TypeAttr", A.TYPE_PROTOS: "TypeArrayAttr",
}
REGION_TYPES = {A.GRAPH: "SizedRegion<1>", A.GRAPHS: "VariadicRegion<SizedRegion<1>>"}

Option = defs.OpSchema.FormalParameterOption

CXX_KEYWORDS = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case",
    "catch", "char", "class", "compl", "const", "constexpr", "const_cast", "continue", "decltype",
    "default", "delete", "do", "double", "dynamic_cast", "else", "enum", "explicit", "export",
    "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int", "long", "mutable",
    "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or", "or_eq", "private",
    "protected", "public", "register", "reinterpret_cast", "return", "short", "signed", "sizeof",
    "static", "static_assert", "static_cast", "struct", "switch", "template", "this", "throw",
    "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void",
    "volatile", "wchar_t", "while", "xor", "xor_eq",
}

# Names ODS turns into accessors that the generated class or its Op base already defines.
RESERVED_ACCESSORS = {
    "getAttributes", "getContext", "getLoc", "getName", "getOperand", "getOperands",
    "getOperation", "getProperties", "getRegion", "getRegions", "getResult", "getResults",
    "getType",
}


def accessor(name):
    """The getter ODS generates for an operand, result, attribute or region called `name`."""
    return "get" + "".join(p[:1].upper() + p[1:] for p in name.split("_"))


def sanitize(name):
    """Returns (ODS name, reason for the rename or None)."""
    if name in CXX_KEYWORDS:
        return name + "_", f"'{name}' is a C++ keyword"
    if accessor(name) in RESERVED_ACCESSORS:
        return name + "_", f"'{accessor(name)}()' is an accessor MLIR already defines on ops"
    return name, None



def element_list(onnx_elements):
    names = [ELEMENT_TYPES[e] for e in ELEMENT_TYPES if e in onnx_elements]
    if onnx_elements & QUANTIZED_STORAGE:
        names.append(QUANTIZED)
    return "[" + ", ".join(names) + "]"


TYPE_STR = re.compile(r"^(optional\()?(seq\()?tensor\((\w+)\)\)?\)?$")


def type_constraint(type_strs, allow_none):
    """ODS constraint accepting any of the ONNX type strings (plus NoneType when `allow_none`)."""
    groups = {}  # (is optional, is sequence) -> set of ONNX element types
    for type_str in type_strs:
        m = TYPE_STR.match(type_str)
        if not m or m.group(3) not in ELEMENT_TYPES:
            raise SystemExit(f"gen_onnx_ops.py: no mapping for ONNX type '{type_str}'")
        groups.setdefault((bool(m.group(1)), bool(m.group(2))), set()).add(m.group(3))
    alternatives = []
    for optional, seq in [(False, False), (False, True), (True, False), (True, True)]:
        if (optional, seq) not in groups:
            continue
        elements = element_list(groups[(optional, seq)])
        constraint = f"Aicc_SeqOf<{elements}>" if seq else f"TensorOf<{elements}>"
        alternatives.append(f"Aicc_OptOf<{constraint}>" if optional else constraint)
    if allow_none:
        alternatives.append("NoneType")
    return alternatives[0] if len(alternatives) == 1 else f"AnyTypeOf<[{', '.join(alternatives)}]>"


def value_constraint(schema, param):
    """ODS constraint of one ONNX input or output, by the rules in the module docstring."""
    allowed = [param.typeStr]
    for tc in schema.type_constraints:
        if tc.type_param_str == param.typeStr:
            allowed = list(tc.allowed_type_strs)
    constraint = type_constraint(allowed, param.option == Option.Optional)
    return f"Variadic<{constraint}>" if param.option == Option.Variadic else constraint


def td_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def default_value(attr):
    """The C++ expression of an attribute's ONNX default, or None without one."""
    if attr.default_value.type == onnx.AttributeProto.UNDEFINED:
        return None
    value = onnx.helper.get_attribute_value(attr.default_value)
    if attr.type == A.INT:
        return str(value)
    if attr.type == A.FLOAT:
        # Shortest text that rounds to the same float32 (ONNX stores attributes as float32).
        return repr(float(str(numpy.float32(value))))
    if attr.type == A.STRING:
        return '"' + value.decode() + '"'
    if attr.type == A.INTS:
        return "{" + ", ".join(str(v) for v in value) + "}"
    if attr.type == A.STRINGS:
        return "{" + ", ".join('"' + v.decode() + '"' for v in value) + "}"
    raise SystemExit(f"gen_onnx_ops.py: no default-value mapping for attribute '{attr.name}'")


def attribute_decl(attr):
    base = ATTR_TYPES[attr.type]
    if attr.required:
        return base
    default = default_value(attr)
    if default is None:
        return f"OptionalAttr<{base}>"
    return f"DefaultValuedAttr<{base}, {td_string(default)}>"


def summary(doc):
    """The first sentence of the schema doc (ending at '. ' or at the first blank line)."""
    paragraph = re.split(r"\n\s*\n", doc.strip(), maxsplit=1)[0]
    flat = " ".join(paragraph.split())
    m = re.match(r"(.*?\.)(\s|$)", flat)
    return m.group(1) if m else flat


def description(doc):
    # A TableGen code block ends at the first "}]"; ONNX docs use it in index formulas.
    return doc.strip().replace("}]", "} ]")


def latest_schemas():
    latest = {}
    for schema in defs.get_all_schemas_with_history():
        if schema.domain != "" or schema.since_version > MAX_OPSET:
            continue
        if schema.name not in latest or latest[schema.name].since_version < schema.since_version:
            latest[schema.name] = schema
    return [latest[name] for name in sorted(latest) if not latest[name].deprecated]


def op_definition(schema):
    name = schema.name
    attributes = sorted(schema.attributes.values(), key=lambda a: a.name)
    regions = [a for a in attributes if a.type in REGION_TYPES]
    attributes = [a for a in attributes if a.type not in REGION_TYPES]

    traits = []
    if regions:
        traits.append("RecursiveMemoryEffects")
    elif name not in NONDETERMINISTIC:
        traits.append("Pure")
    if name in CONSTANT_LIKE:
        traits.append("ConstantLike")
    if name in SHAPE_RULES:
        traits.append("DeclareOpInterfaceMethods<ShapeInferenceOpInterface>")

    lines = [f'def Aicc_{name}Op : Aicc_Op<"{name}", [{", ".join(traits)}]> {{']
    lines.append(f"  let summary = {td_string(summary(schema.doc or name))};")
    lines.append(f"  let description = [{{\n{description(schema.doc or '')}\n  }}];")

    def declare(keyword_, entries):
        if not entries:
            return
        lines.append(f"  let {keyword_[0]} = ({keyword_[1]}")
        for i, (decl, onnx_name) in enumerate(entries):
            ods_name, reason = sanitize(onnx_name)
            if reason:
                lines.append(f"    // ONNX '{onnx_name}' is named '{ods_name}' here: {reason}.")
            comma = "," if i + 1 < len(entries) else ""
            lines.append(f"    {decl}:${ods_name}{comma}")
        lines.append("  );")

    names = ([p.name for p in schema.inputs] + [a.name for a in attributes]
             + [p.name for p in schema.outputs] + [a.name for a in regions])
    accessors = [accessor(sanitize(n)[0]) for n in names]
    if len(set(accessors)) != len(accessors):
        raise SystemExit(f"gen_onnx_ops.py: {name}: two ONNX names map to one accessor: {names}")

    declare(("arguments", "ins"),
            [(value_constraint(schema, p), p.name) for p in schema.inputs]
            + [(attribute_decl(a), a.name) for a in attributes])
    declare(("results", "outs"), [(value_constraint(schema, p), p.name) for p in schema.outputs])
    declare(("regions", "region"), [(REGION_TYPES[a.type], a.name) for a in regions])

    if name in BUILDERS:
        lines.append("  let builders = [")
        lines.append(",\n".join("    " + b for b in BUILDERS[name]))
        lines.append("  ];")
    for flag, ops in [("hasVerifier", VERIFIERS), ("hasFolder", FOLDERS),
                      ("hasCanonicalizer", CANONICALIZERS)]:
        if name in ops:
            lines.append(f"  let {flag} = 1;")
    lines.append("  let extraClassDeclaration = [{")
    lines.append(f"    static constexpr int onnxSinceVersion = {schema.since_version};")
    lines.append("  }];")
    if name in SHAPE_RULES:
        lines.append("  let extraClassDefinition = [{")
        lines.append("    ::llvm::LogicalResult $cppClass::inferShapes() {")
        lines.append(f"      return {SHAPE_RULES[name]}(*this);")
        lines.append("    }")
        lines.append("  }];")
    lines.append("}")
    return "\n".join(lines)


def generate():
    schemas = latest_schemas()
    missing = (VERIFIERS | FOLDERS | CANONICALIZERS | CONSTANT_LIKE | set(SHAPE_RULES) | set(BUILDERS)
               | NONDETERMINISTIC) - {s.name for s in schemas}
    if missing:
        raise SystemExit(f"gen_onnx_ops.py: tables name unknown ops: {sorted(missing)}")
    header = f"""\
//===- AiccOps.td - ONNX operators of the aicc dialect ------*- tablegen -*-===//
//
// GENERATED by dialects/gen_onnx_ops.py from the ONNX {onnx.__version__} operator schemas
// (default domain, opset <= {MAX_OPSET}, {len(schemas)} ops). Do not edit: change the generator and rerun
//   /usr/bin/python3 dialects/gen_onnx_ops.py
//
//===----------------------------------------------------------------------===//

#ifndef AICC_OPS_TD
#define AICC_OPS_TD

include "dialects/AiccBase.td"
include "dialects/ShapeInferenceInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
"""
    body = "\n\n".join(op_definition(s) for s in schemas)
    return f"{header}\n{body}\n\n#endif // AICC_OPS_TD\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parent / "AiccOps.td")
    parser.add_argument("--check", action="store_true",
                        help="do not write; fail if the output file differs from what would be written")
    args = parser.parse_args()
    text = generate()
    if args.check:
        current = args.output.read_text() if args.output.exists() else ""
        if current != text:
            sys.stdout.writelines(difflib.unified_diff(
                current.splitlines(True), text.splitlines(True), str(args.output), "generated"))
            return 1
        return 0
    args.output.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
