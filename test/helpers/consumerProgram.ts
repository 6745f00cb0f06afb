/** A TypeScript 5.x program over a consumer of generated output: strict, NodeNext, ES2022/ES2023. */
import ts from "typescript";

export const CONSUMER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts"],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: ["node"],
};

export function consumerProgram(rootNames: string[]): ts.Program {
  return ts.createProgram({ rootNames, options: CONSUMER_OPTIONS });
}
