"""lvzhi (履职): the deputy duty-performance platform of the Ili Kazakh Autonomous Prefecture."""
