package org.asyncrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsolePluginTest {

    @Test
    void escapesWhatItWritesIntoThePage() {
        assertThat(ConsolePlugin.html("<script>alert('x') & \"y\"</script>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
    }
}
