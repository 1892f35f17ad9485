B
dense.biasJĞ÷¾1³½Lı?Ìá.?