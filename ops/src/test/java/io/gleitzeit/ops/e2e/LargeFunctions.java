package io.gleitzeit.ops.e2e;

import io.gleitzeit.services.functions.GleitzeitTask;

/** Test functions that make and take large texts. */
public final class LargeFunctions {
    private LargeFunctions() {
    }

    @GleitzeitTask(name = "repeat_text", category = "test", description = "unit repeated times times")
    public static String repeatText(String unit, int times) {
        return unit.repeat(times);
    }

    @GleitzeitTask(name = "text_length", category = "test", description = "The text's length in chars")
    public static int textLength(String text) {
        return text.length();
    }
}
