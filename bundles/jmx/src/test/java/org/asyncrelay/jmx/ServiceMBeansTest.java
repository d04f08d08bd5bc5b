package org.asyncrelay.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceMBeansTest {

    @Test
    void aPlainNameIsTheObjectNamesValueAndAnyOtherIsQuoted() {
        assertThat(ServiceMBeans.objectName("web-proxy").getCanonicalName())
                .isEqualTo("org.asyncrelay:name=web-proxy,type=service");
        assertThat(ServiceMBeans.objectName("a,b=c:d").getKeyProperty("name")).isEqualTo("\"a,b=c:d\"");
        assertThat(ServiceMBeans.objectName("a,b=c:d").getDomain()).isEqualTo("org.asyncrelay");
    }
}
