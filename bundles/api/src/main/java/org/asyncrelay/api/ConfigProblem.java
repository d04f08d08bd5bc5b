package org.asyncrelay.api;

/**
 * One error or warning about a configuration file, printed as {@code file:line:column path:
 * message}. Line and column count from 1; 0 when the problem is about the whole file.
 */
public record ConfigProblem(String file, int line, int column, String path, String message) {

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line).append(':').append(column);
        }
        b.append(' ');
        if (!path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(message).toString();
    }
}
