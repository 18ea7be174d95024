// Reading and writing model and taxonomy files (JSON); refuses files of another format version.
import { readFileSync, writeFileSync } from 'node:fs';
import { type ModelFile, ModelFormatError, TextClassifier } from './model/classifier.js';
import { CompiledTaxonomy, type Taxonomy } from './model/taxonomy.js';

/** Load a model file written by `northstar text train`; throws ModelFormatError with a clear message. */
export function loadModelFile(path: string, kind?: 'sentiment' | 'themes'): TextClassifier {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ModelFormatError(
      `cannot read model file ${path}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  let model: TextClassifier;
  try {
    model = TextClassifier.fromFile(data);
  } catch (err) {
    if (err instanceof ModelFormatError) throw new ModelFormatError(`${path}: ${err.message}`);
    throw err;
  }
  if (kind && model.file.kind !== kind) {
    const hint = model.file.kind === 'themes' ? 'pass it with --theme-model' : 'pass it with --model';
    throw new ModelFormatError(`${path} is a ${model.file.kind} model, not a ${kind} model; ${hint}`);
  }
  return model;
}

/** Write a model file as JSON. */
export function saveModelFile(path: string, file: ModelFile): void {
  writeFileSync(path, `${JSON.stringify(file)}\n`);
}

/** Load a taxonomy JSON file ({ version, themes: [{ id, name: { en, fr }, keywords, subthemes }] }). */
export function loadTaxonomyFile(path: string): CompiledTaxonomy {
  const data = JSON.parse(readFileSync(path, 'utf8')) as Taxonomy;
  if (!data || typeof data.version !== 'string' || !Array.isArray(data.themes)) {
    throw new Error(`${path}: a taxonomy needs a "version" string and a "themes" list`);
  }
  return new CompiledTaxonomy(data);
}
