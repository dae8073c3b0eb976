package io.gleitzeit.ops.batch;

/** What a {@link FolderBatchKind#PYTHON} batch passes its function for each file. */
public enum PythonArgument {
    /** The file's absolute path (the function reads it: it must run where the folder is). */
    PATH,
    /** The file's text, read here (UTF-8), so the function may run anywhere. */
    CONTENT
}
